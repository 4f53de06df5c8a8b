package org.flyte.copilot.upload;

import org.flyte.copilot.upload.lifecycle.Sidecar;
import org.flyte.copilot.upload.lifecycle.SidecarArgs;
import org.flyte.copilot.upload.transfer.UploadListener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.flyte.copilot.upload.Fixture.INT;
import static org.flyte.copilot.upload.Fixture.STR;
import static org.flyte.copilot.upload.Fixture.STRUCT;
import static org.flyte.copilot.upload.Fixture.blob;
import static org.flyte.copilot.upload.Fixture.enumOf;
import static org.flyte.copilot.upload.Fixture.listOf;
import static org.flyte.copilot.upload.Fixture.mapOf;
import static org.flyte.copilot.upload.Fixture.outputs;
import static org.flyte.copilot.upload.Fixture.simple;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.flyte.copilot.core.testing.ErrorCatalogueRows;
import org.flyte.copilot.upload.watch.NoopWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per row of the sidecar half of docs/errors.md: what the main container (or the pod
 * builder) left, and the exact message of the error document the sidecar writes for it. Each runs
 * the sidecar as the CLI does (flags validated, watcher passed, upload, error document) on a file
 * store. A test's name (a method, or a case of {@link #filesLeft}) is the row's name, and its text is
 * the row's, {@code <out>} standing for the output directory; change both together.
 */
class ErrorCatalogueTest extends FixtureTestBase {


  private SidecarArgs args(TypedInterface iface) {
    return args(Base64.getEncoder().encodeToString(iface.toByteArray()));
  }

  private SidecarArgs args(String interfaceBase64) {
    return new SidecarArgs().toOutputPrefix(Fixture.OUT).toRawOutput(Fixture.RAW).fromLocalDir(f.outDir.toString())
        .interfaceBase64(interfaceBase64);
  }

  /** Runs the sidecar; it must exit 1 with an error document and no outputs.pb. Returns the document's message. */
  private String errorText(SidecarArgs args) {
    int code = new Sidecar(UploadListener.NONE).run(args.validate(), new NoopWatcher(), () -> f.store);
    assertThat(code).isEqualTo(Sidecar.EXIT_FAILED);
    assertThat(f.hasOutputs()).as("no outputs.pb").isFalse();
    ErrorDocument doc = f.errorDocument();
    assertThat(doc.getError().getCode()).isEqualTo("OutputUploadFailed");
    assertThat(doc.getError().getKind()).isEqualTo(ContainerError.Kind.RECOVERABLE);
    return doc.getError().getMessage();
  }

  /** Asserts the document's message: {@code expected} with {@code <out>} for the output directory. */
  private void assertErrorText(SidecarArgs args, String expected) {
    assertThat(errorText(args)).isEqualTo(expected.replace("<out>", f.outDir.toString()));
  }

  private void assertErrorText(TypedInterface iface, String expected) {
    assertErrorText(args(iface), expected);
  }

  // ---- the interface (--interface) ----

  @Test
  void interfaceNotBase64() {
    assertErrorText(args("not base64!"), "Bad interface passed, --interface is not valid base64 (character ' ' at offset 3)");
  }

  @Test
  void interfaceNotATypedInterface() {
    assertErrorText(args(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 1})), "Bad interface passed, failed to"
        + " unmarshal, expected core.TypedInterface: it is not protobuf, or not this message type (a field has an"
        + " invalid wire type)");
  }

  @Test
  void interfaceWithAControlCharacter() {
    assertErrorText(args("abc\tdef"), "Bad interface passed, --interface is not valid base64 (character U+0009 at"
        + " offset 3)");
  }

  @Test
  void malformedOutputsPb() throws Exception {
    Files.write(f.outDir.resolve("outputs.pb"), new byte[] {(byte) 0xff, 1});
    assertErrorText(args(outputs("n", INT)).format("PROTO"), "the metadata file <out>/outputs.pb is not a binary"
        + " protobuf LiteralMap: it is not protobuf, or not this message type (a field has an invalid wire type)");
  }

  @Test
  void truncatedInterface() {
    byte[] full = outputs("a_long_output_name", INT).toByteArray();
    assertErrorText(args(Base64.getEncoder().encodeToString(Arrays.copyOf(full, full.length - 4))), "Bad interface"
        + " passed, failed to unmarshal, expected core.TypedInterface: it is truncated or is not protobuf (the data"
        + " ends in the middle of a field)");
  }

  // ---- what the task wrote: files (name, content) in the output directory, then the message ----

  /** A row whose bad input is text files the task left in the output directory ({@code <out>} in them too). */
  record FilesLeft(String row, TypedInterface iface, List<String> namesAndContents, String text) {
    static FilesLeft of(String row, TypedInterface iface, String text, String... namesAndContents) {
      return new FilesLeft(row, iface, List.of(namesAndContents), text);
    }

    @Override
    public String toString() {
      return row;
    }
  }

  static Stream<FilesLeft> filesLeft() {
    return Stream.of(
        FilesLeft.of("interfaceWithAnOutputOfNoType", outputs("x", LiteralType.getDefaultInstance()),
            "output \"x\" (<out>/x): the task interface declares no type for this output", "x", "1"),
        // simple values
        FilesLeft.of("valueOfTheWrongType", outputs("n", INT),
            "output \"n\" (<out>/n): failed to parse integer value: strconv.ParseInt: parsing \"forty-two\": invalid"
                + " syntax", "n", "forty-two"),
        FilesLeft.of("emptySimpleOutput", outputs("n", INT),
            "output \"n\" (<out>/n): the file is empty; expected an integer", "n", ""),
        FilesLeft.of("enumValueNotDeclared", outputs("color", enumOf("red", "green")),
            "output \"color\" (<out>/color): the value \"purple\" is not one of the declared enum values [red, green]",
            "color", "purple"),
        // structs, lists and dicts from JSON/YAML
        FilesLeft.of("malformedJsonStruct", outputs("cfg", STRUCT),
            "output \"cfg\" (<out>/cfg.json): not a valid JSON or YAML document: line 1, column 9: Unexpected"
                + " end-of-input within/between Object entries", "cfg.json", "{\"a\": 1,"),
        FilesLeft.of("malformedYamlStruct", outputs("cfg", STRUCT),
            "output \"cfg\" (<out>/cfg.yaml): not a valid YAML document: line 2, column 2: expected ',' or ']', but"
                + " got : (while parsing a flow sequence at line 1, column 4)", "cfg.yaml", "a: [1, 2\nb: 3\n"),
        FilesLeft.of("structThatIsAnArray", outputs("cfg", STRUCT),
            "output \"cfg\" (<out>/cfg.json): failed to load generic type: expected a JSON or YAML object, found an"
                + " array", "cfg.json", "[1, 2]"),
        FilesLeft.of("malformedJsonList", outputs("xs", listOf(INT)),
            "output \"xs\" (<out>/xs.json): not a valid JSON or YAML document: line 1, column 7: Unexpected"
                + " end-of-input within/between Array entries", "xs.json", "[1, 2,"),
        FilesLeft.of("listElementOfTheWrongType", outputs("xs", listOf(INT)),
            "output \"xs\"[1] (<out>/xs.json): failed to parse integer value: strconv.ParseInt: parsing \"two\":"
                + " invalid syntax", "xs.json", "[1, \"two\"]"),
        FilesLeft.of("malformedYamlDict", outputs("m", mapOf(INT)),
            "output \"m\" (<out>/m.yaml): not a valid YAML document: line 2, column 4: mapping values are not allowed"
                + " here", "m.yaml", "a: 1\n  b: 2\n"),
        FilesLeft.of("dictThatIsAList", outputs("m", mapOf(INT)),
            "output \"m\" (<out>/m.json): expected a map (a directory of keys or a JSON/YAML object), found an array",
            "m.json", "[1]"),
        FilesLeft.of("malformedOutputsJson", outputs("n", INT),
            "the metadata file <out>/outputs.json is not valid JSON: line 1, column 7: Unexpected end-of-input"
                + " within/between Object entries", "outputs.json", "{\"n\": "),
        FilesLeft.of("secretInMalformedOutputsJson", outputs("n", INT),
            "the metadata file <out>/outputs.json is not valid JSON: line 1, column 7: Unrecognized token (22 characters):"
                + " was expecting (JSON String, Number (or 'NaN'/'+INF'/'-INF'), Array, Object or token 'null', 'true'"
                + " or 'false')", "outputs.json", "{\"n\": wJalrXUtnFEMIsecretKEY}"),
        // _ERROR
        FilesLeft.of("errorFileWithAMessage", outputs("n", INT),
            "User Error: bad input row 7\n", "_ERROR", "bad input row 7\n"),
        FilesLeft.of("errorFileOver1MiB", outputs("n", INT),
            "error file too large 1048577 (<out>/_ERROR may hold at most 1048576 bytes)",
            "_ERROR", "e".repeat(1024 * 1024 + 1)),
        // which outputs are there
        FilesLeft.of("missingOutput", outputs("n", INT),
            "output \"n\": no file or directory at <out>/n (nor a single <out>/n.<ext>); the task must write every"
                + " declared output"),
        FilesLeft.of("twoCandidateFiles", outputs("n", INT),
            "output \"n\": found several candidates [<out>/n.out, <out>/n.txt] for <out>/n; write exactly one of <out>/n"
                + " or <out>/n.<ext>", "n.txt", "1", "n.out", "2"),
        FilesLeft.of("undeclaredOutputInOutputsJson", outputs("n", INT),
            "the metadata file <out>/outputs.json holds [extra], which the task interface does not declare (declared"
                + " outputs: [n])", "outputs.json", "{\"n\": 1, \"extra\": 2}"),
        // paths that leave the output volume
        FilesLeft.of("outputNameThatEscapesTheVolume", outputs("../x", INT),
            "output \"../x\": the name \"../x\" would leave the directory <out>"),
        FilesLeft.of("dictKeyThatEscapesTheVolume", outputs("m", mapOf(blob("", BlobDimensionality.SINGLE))),
            "output \"m\"[\"../x\"] (<out>/a): the name \"../x\" cannot be part of an object key under"
                + " file://bucket/raw: a map key or output name that is empty, \".\" or \"..\", or holds \"/\", would"
                + " not get an object of its own (two values could share one); rename it",
            "m.json", "{\"../x\": \"<out>/a\"}", "a", "A"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void filesLeft(FilesLeft row) {
    for (int i = 0; i < row.namesAndContents().size(); i += 2) {
      f.write(row.namesAndContents().get(i), row.namesAndContents().get(i + 1).replace("<out>", f.outDir.toString()));
    }
    assertErrorText(row.iface(), row.text());
  }

  // ---- what the task wrote: what a text file in the table cannot be ----

  @Test
  void oversizeSimpleOutput() {
    f.write("s", "x".repeat(17));
    assertErrorText(args(outputs("s", STR)).maxSimpleBytes("16"), "output \"s\" (<out>/s): the file is 17 bytes,"
        + " more than the 16-byte limit for a STRING value; write data this large as a file output (declare the output"
        + " as a FlyteFile/blob) or raise the limit");
  }

  @Test
  void invalidUtf8InAStringOutput() throws Exception {
    Files.write(f.outDir.resolve("s"), new byte[] {'a', (byte) 0xff, 'b'});
    assertErrorText(outputs("s", STR), "output \"s\" (<out>/s): the content is not valid UTF-8 text");
  }

  @Test
  void directoryForASimpleOutput() {
    f.mkdir("n");
    assertErrorText(outputs("n", INT), "output \"n\" (<out>/n): expected a file for type [INTEGER], found a directory"
        + " at <out>/n");
  }

  @Test
  void errorFileThatIsADirectory() {
    f.mkdir("_ERROR");
    assertErrorText(outputs("n", INT), "error file is a directory (<out>/_ERROR)");
  }

  @Test
  void undeclaredOutputFile() {
    f.write("n", "1");
    f.write("extra", "2");
    int code = new Sidecar(UploadListener.NONE).run(args(outputs("n", INT)).validate(), new NoopWatcher(), () -> f.store);
    assertThat(code).isEqualTo(Sidecar.EXIT_OK);
    assertThat(f.outputs().getLiteralsMap()).containsOnlyKeys("n");
  }

  @Test
  void symlinkOutOfTheVolume() throws Exception {
    Path secret = secretFile();
    Files.createSymbolicLink(f.outDir.resolve("model"), secret);
    assertErrorText(outputs("model", blob("", BlobDimensionality.SINGLE)), ("output \"model\": <out>/model resolves"
        + " to <secret>, outside the output directory <out>; copilot does not read or upload files outside it")
        .replace("<secret>", secret.toString()));
  }

  @Test
  void blobPathInOutputsJsonOutsideTheVolume() throws Exception {
    Path secret = secretFile();
    f.write("outputs.json", "{\"model\": \"" + secret + "\"}");
    assertErrorText(outputs("model", blob("", BlobDimensionality.SINGLE)), ("output \"model\" (<secret>): <secret>"
        + " resolves to <secret>, outside the output directory <out>; copilot does not read or upload files outside it")
        .replace("<secret>", secret.toString()));
  }

  private Path secretFile() throws Exception {
    return Files.writeString(Files.createDirectories(temp.resolve("secrets")).resolve("token"), "S");
  }

  @Test
  void everyTestIsARowOfDocsErrorsMd() {
    List<String> tests = new ArrayList<>(filesLeft().map(FilesLeft::row).toList());
    Arrays.stream(ErrorCatalogueTest.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
        .map(Method::getName).filter(name -> !name.equals("everyTestIsARowOfDocsErrorsMd")).forEach(tests::add);
    assertThat(ErrorCatalogueRows.rows("## Sidecar")).as("rows of docs/errors.md, ## Sidecar")
        .containsExactlyInAnyOrderElementsOf(tests);
  }
}
