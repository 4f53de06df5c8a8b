package org.flyte.copilot.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.flyte.copilot.download.Literals.*;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.ErrorCatalogueRows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per row of the download half of docs/errors.md: the bad input, and the exact text the
 * error document gets for it ({@code copilot download} writes {@link #errorText} of the failure).
 * A test's name is the row's name; change both together.
 */
class ErrorCatalogueTest {
  @TempDir Path tmp;
  Fixture f;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
  }

  /** The message the CLI puts in the error document for a failed download (Failures.describe). */
  private String errorText(DownloadRequest r) {
    Throwable t = catchThrowable(() -> f.download(r));
    assertThat(t).as("the download fails").isInstanceOf(DownloadException.class);
    return DataReference.redactText(Messages.of(t));
  }

  /** Asserts the message for a download of {@code inputs}: {@code expected} with {@code <in>} for the input directory. */
  private void assertErrorText(LiteralMap inputs, String expected) {
    assertThat(errorText(DownloadRequest.of(f.putInputs(inputs), f.localDir("in"))))
        .isEqualTo(expected.replace("<in>", f.localDir("in")));
  }

  /** Asserts the message for a download of the input map {@code bytes}, stored at meta/inputs.pb. */
  private void assertInputMapErrorText(byte[] bytes, String expected) {
    String remote = f.put("meta/inputs.pb", bytes);
    assertThat(errorText(DownloadRequest.of(remote, f.localDir("in")))).isEqualTo(expected);
  }

  @Test
  void corruptInputMap() {
    assertInputMapErrorText(new byte[] {0x0a, (byte) 0xff, 0x01, 0x02}, "the input map file://bucket/meta/inputs.pb"
        + " (4 bytes) is not a valid LiteralMap: it is truncated or is not protobuf (the data ends in the middle of a field)");
  }

  @Test
  void truncatedInputMap() {
    byte[] full = inputs("s", string("a long enough string value")).toByteArray();
    assertInputMapErrorText(Arrays.copyOf(full, full.length - 5), "the input map file://bucket/meta/inputs.pb"
        + " (34 bytes) is not a valid LiteralMap: it is truncated or is not protobuf (the data ends in the middle of a field)");
  }

  @Test
  void emptyInputMapFile() {
    String remote = f.put("meta/inputs.pb", new byte[0]);
    DownloadResult r = f.download(DownloadRequest.of(remote, f.localDir("in")));
    assertThat(Fixture.read(Path.of(f.localDir("in"), "inputs.json"))).isEqualTo("{}");
    assertThat(r).isNotNull();
  }

  @Test
  void missingInputMap() {
    assertThat(errorText(DownloadRequest.of("file://bucket/nope/inputs.pb", f.localDir("in")))).isEqualTo("cannot read the input map file://bucket/nope/inputs.pb: read file://bucket/nope/inputs.pb: does not exist");
  }

  @Test
  void invalidUtf8InAStringInput() {
    byte[] bytes = inputs("s", string("Z")).toByteArray();
    int z = indexOf(bytes, (byte) 'Z');
    bytes[z] = (byte) 0xff;
    assertInputMapErrorText(bytes, "the input map file://bucket/meta/inputs.pb (14 bytes) is not a valid LiteralMap:"
        + " a string in it is not valid UTF-8");
  }

  @Test
  void inputInterfaceThatIsNotAVariableMap() {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Logger jul = Logger.getLogger(DownloadRequest.class.getName());
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        warnings.add(new SimpleFormatter().formatMessage(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(h);
    try {
      DownloadRequest r = DownloadRequest.fromFlags("file://bucket/meta/inputs.pb", "/in", "JSON", "DOWNLOAD_EAGER",
          "", null, 8, new byte[] {(byte) 0xff, 0x01});
      assertThat(r.inputInterface()).isEmpty();
    } finally {
      jul.removeHandler(h);
    }
    assertThat(warnings).containsExactly("--input-interface is not a serialized VariableMap: it is not protobuf, or not"
        + " this message type (a field has an invalid wire type); ignoring it");
  }

  @Test
  void inputInterfaceDeclaringAnInputTheMapLacks() {
    VariableMap iface = VariableMap.newBuilder()
        .putVariables("n", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.INTEGER)).build())
        .putVariables("m", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.STRING)).build())
        .build();
    String remote = f.putInputs(inputs("n", integer(1)));
    f.download(DownloadRequest.of(remote, f.localDir("in")).withInputInterface(iface));
    assertThat(Fixture.read(Path.of(f.localDir("in"), "n"))).isEqualTo("1");
  }

  @Test
  void literalWithNoValue() {
    assertErrorText(inputs("bad", Literal.getDefaultInstance()), "variable [bad]: the literal for <in>/bad has no value");
  }

  @Test
  void blobThatDoesNotExist() {
    assertErrorText(inputs("model", blob("file://bucket/missing/model.bin")), "variable [model]: blob file://bucket/missing/model.bin does not exist");
  }

  @Test
  void offloadedLiteralThatDoesNotExist() {
    assertErrorText(inputs("big", offloaded("file://bucket/off/gone.pb")), "variable [big]: cannot read the offloaded literal file://bucket/off/gone.pb: "
        + "read file://bucket/off/gone.pb: does not exist");
  }

  @Test
  void structWithNaN() {
    Struct s = Struct.newBuilder().putFields("x", Value.newBuilder().setNumberValue(Double.NaN).build()).build();
    f.download(DownloadRequest.of(f.putInputs(inputs("cfg", generic(s))), f.localDir("in")));
    assertThat(Fixture.read(Path.of(f.localDir("in"), "cfg"))).isEqualTo("{\"x\":\"NaN\"}");
    assertThat(Fixture.read(Path.of(f.localDir("in"), "inputs.json"))).isEqualTo("{\"cfg\":{\"x\":\"NaN\"}}");
  }

  @Test
  void floatNaNInput() {
    f.download(DownloadRequest.of(f.putInputs(inputs("x", floating(Double.NaN))), f.localDir("in")));
    assertThat(Fixture.read(Path.of(f.localDir("in"), "x"))).isEqualTo("NaN");
    assertThat(Fixture.read(Path.of(f.localDir("in"), "inputs.json"))).isEqualTo("{\"x\":\"NaN\"}");
  }

  @Test
  void variableNameThatEscapesTheVolume() {
    assertErrorText(inputs("../escape", string("x")), "variable [../escape]: variable name [../escape] cannot be used as a file name: it contains '/'");
  }

  @Test
  void variableNameThatIsAMetadataFile() {
    assertErrorText(inputs("inputs.json", string("x")), "variable [inputs.json]: the name [inputs.json] is reserved for the metadata file the download writes;"
        + " rename the input");
  }

  @Test
  void mapKeyThatEscapesTheVolume() {
    assertErrorText(inputs("m", map(Map.of("../x", string("x")))), "variable [m]: map key [../x] cannot be used as a file name: it contains '/'");
  }

  @Test
  void symlinkInTheInputDirectory() throws Exception {
    Path local = Files.createDirectories(Path.of(f.localDir("in")));
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(local.resolve("l"), outside);
    assertErrorText(inputs("l", collection(string("x"))), "variable [l]: cannot create the directory <in>/l: <in>/l is a"
        + " symbolic link; refusing to follow it out of <in>");
    assertThat(outside).isEmptyDirectory();
  }

  private static int indexOf(byte[] bytes, byte b) {
    int found = -1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        assertThat(found).as("one occurrence").isEqualTo(-1);
        found = i;
      }
    }
    assertThat(found).isNotNegative();
    return found;
  }

  @Test
  void everyTestIsARowOfDocsErrorsMd() {
    ErrorCatalogueRows.assertOneRowPerTest(ErrorCatalogueTest.class, "## Download");
  }
}
