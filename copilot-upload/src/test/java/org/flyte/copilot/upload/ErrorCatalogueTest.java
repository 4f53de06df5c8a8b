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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.flyte.copilot.core.testing.ErrorCatalogueRows;
import org.flyte.copilot.upload.watch.NoopWatcher;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the sidecar half of docs/errors.md: what the main container (or the pod
 * builder) left, and the exact message of the error document the sidecar writes for it. Each runs
 * the sidecar as the CLI does (flags validated, watcher passed, upload, error document) on a file
 * store. A test's name is the row's name; change both together.
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

  private String errorText(TypedInterface iface) {
    return errorText(args(iface));
  }

  private String out() {
    return f.outDir.toString();
  }

  // ---- the interface (--interface) ----

  @Test
  void interfaceNotBase64() {
    assertThat(errorText(args("not base64!"))).isEqualTo("Bad interface passed, --interface is not valid base64: Illegal base64 character 20");
  }

  @Test
  void interfaceNotATypedInterface() {
    assertThat(errorText(args(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 1})))).isEqualTo("Bad interface passed, failed to unmarshal, expected core.TypedInterface: Protocol message"
        + " tag had invalid wire type.");
  }

  @Test
  void truncatedInterface() {
    byte[] full = outputs("a_long_output_name", INT).toByteArray();
    assertThat(errorText(args(Base64.getEncoder().encodeToString(Arrays.copyOf(full, full.length - 4)))))
        .isEqualTo("Bad interface passed, failed to unmarshal, expected core.TypedInterface: While parsing a"
        + " protocol message, the input ended unexpectedly in the middle of a field.  This could"
        + " mean either that the input has been truncated or that an embedded message misreported"
        + " its own length.");
  }

  @Test
  void interfaceWithAnOutputOfNoType() {
    f.write("x", "1");
    assertThat(errorText(outputs("x", LiteralType.getDefaultInstance())))
        .isEqualTo("output \"x\" (" + out() + "/x): the task interface declares no type for this output");
  }

  // ---- simple values ----

  @Test
  void valueOfTheWrongType() {
    f.write("n", "forty-two");
    assertThat(errorText(outputs("n", INT))).isEqualTo("output \"n\" ("
        + out()
        + "/n): failed to parse integer value: strconv.ParseInt: parsing \"forty-two\": invalid"
        + " syntax");
  }

  @Test
  void emptySimpleOutput() {
    f.write("n", "");
    assertThat(errorText(outputs("n", INT))).isEqualTo("output \"n\" ("
        + out()
        + "/n): failed to parse integer value: strconv.ParseInt: parsing \"\": invalid syntax");
  }

  @Test
  void oversizeSimpleOutput() {
    f.write("s", "x".repeat(17));
    assertThat(errorText(args(outputs("s", STR)).maxSimpleBytes("16"))).isEqualTo("output \"s\" ("
        + out()
        + "/s): the file is 17 bytes, more than the 16-byte limit for a STRING value; write data"
        + " this large as a file output (declare the output as a FlyteFile/blob) or raise the limit");
  }

  @Test
  void invalidUtf8InAStringOutput() throws Exception {
    Files.write(f.outDir.resolve("s"), new byte[] {'a', (byte) 0xff, 'b'});
    assertThat(errorText(outputs("s", STR))).isEqualTo("output \"s\" ("
        + out()
        + "/s): the content is not valid UTF-8 text");
  }

  @Test
  void enumValueNotDeclared() {
    f.write("color", "purple");
    assertThat(errorText(outputs("color", enumOf("red", "green")))).isEqualTo("output \"color\" ("
        + out()
        + "/color): the value \"purple\" is not one of the declared enum values [red, green]");
  }

  @Test
  void directoryForASimpleOutput() {
    f.mkdir("n");
    assertThat(errorText(outputs("n", INT))).isEqualTo("output \"n\" ("
        + out()
        + "/n): expected a file for type [INTEGER], found a directory at "
        + out()
        + "/n");
  }

  // ---- structs, lists and dicts from JSON/YAML ----

  @Test
  void malformedJsonStruct() {
    f.write("cfg.json", "{\"a\": 1,");
    assertThat(errorText(outputs("cfg", STRUCT))).isEqualTo("output \"cfg\" ("
        + out()
        + "/cfg.json): not a valid JSON or YAML document: Unexpected end-of-input within/between"
        + " Object entries");
  }

  @Test
  void malformedYamlStruct() {
    f.write("cfg.yaml", "a: [1, 2\nb: 3\n");
    assertThat(errorText(outputs("cfg", STRUCT))).isEqualTo("output \"cfg\" ("
        + out()
        + "/cfg.yaml): not a valid YAML document: while parsing a flow sequence");
  }

  @Test
  void structThatIsAnArray() {
    f.write("cfg.json", "[1, 2]");
    assertThat(errorText(outputs("cfg", STRUCT))).isEqualTo("output \"cfg\" ("
        + out()
        + "/cfg.json): failed to load generic type: expected a JSON or YAML object, found an array");
  }

  @Test
  void malformedJsonList() {
    f.write("xs.json", "[1, 2,");
    assertThat(errorText(outputs("xs", listOf(INT)))).isEqualTo("output \"xs\" ("
        + out()
        + "/xs.json): not a valid JSON or YAML document: Unexpected end-of-input within/between"
        + " Array entries");
  }

  @Test
  void listElementOfTheWrongType() {
    f.write("xs.json", "[1, \"two\"]");
    assertThat(errorText(outputs("xs", listOf(INT)))).isEqualTo("output \"xs\"[1] ("
        + out()
        + "/xs.json): failed to parse integer value: strconv.ParseInt: parsing \"two\": invalid"
        + " syntax");
  }

  @Test
  void malformedYamlDict() {
    f.write("m.yaml", "a: 1\n  b: 2\n");
    assertThat(errorText(outputs("m", mapOf(INT)))).isEqualTo("output \"m\" ("
        + out()
        + "/m.yaml): not a valid YAML document: mapping values are not allowed here");
  }

  @Test
  void dictThatIsAList() {
    f.write("m.json", "[1]");
    assertThat(errorText(outputs("m", mapOf(INT)))).isEqualTo("output \"m\" ("
        + out()
        + "/m.json): expected a map (a directory of keys or a JSON/YAML object), found an array");
  }

  @Test
  void malformedOutputsJson() {
    f.write("outputs.json", "{\"n\": ");
    assertThat(errorText(outputs("n", INT))).isEqualTo("the metadata file "
        + out()
        + "/outputs.json is not valid JSON: Unexpected end-of-input within/between Object entries");
  }

  // ---- _ERROR ----

  @Test
  void errorFileWithAMessage() {
    f.write("_ERROR", "bad input row 7\n");
    assertThat(errorText(outputs("n", INT))).isEqualTo("User Error: bad input row 7\n");
  }

  @Test
  void errorFileOver1MiB() {
    f.write("_ERROR", "e".repeat(1024 * 1024 + 1));
    assertThat(errorText(outputs("n", INT))).isEqualTo("error file too large 1048577 ("
        + out()
        + "/_ERROR may hold at most 1048576 bytes)");
  }

  @Test
  void errorFileThatIsADirectory() {
    f.mkdir("_ERROR");
    assertThat(errorText(outputs("n", INT))).isEqualTo("error file is a directory ("
        + out()
        + "/_ERROR)");
  }

  // ---- which outputs are there ----

  @Test
  void missingOutput() {
    assertThat(errorText(outputs("n", INT))).isEqualTo("output \"n\": no file or directory at "
        + out()
        + "/n (nor a single "
        + out()
        + "/n.<ext>); the task must write every declared output");
  }

  @Test
  void twoCandidateFiles() {
    f.write("n.txt", "1");
    f.write("n.out", "2");
    assertThat(errorText(outputs("n", INT))).isEqualTo("output \"n\": found several candidates ["
        + out()
        + "/n.out, "
        + out()
        + "/n.txt] for "
        + out()
        + "/n; write exactly one of "
        + out()
        + "/n or "
        + out()
        + "/n.<ext>");
  }

  @Test
  void undeclaredOutputInOutputsJson() {
    f.write("outputs.json", "{\"n\": 1, \"extra\": 2}");
    assertThat(errorText(outputs("n", INT))).isEqualTo("the metadata file "
        + out()
        + "/outputs.json holds [extra], which the task interface does not declare (declared outputs:"
        + " [n])");
  }

  @Test
  void undeclaredOutputFile() {
    f.write("n", "1");
    f.write("extra", "2");
    int code = new Sidecar(UploadListener.NONE).run(args(outputs("n", INT)).validate(), new NoopWatcher(), () -> f.store);
    assertThat(code).isEqualTo(Sidecar.EXIT_OK);
    assertThat(f.outputs().getLiteralsMap()).containsOnlyKeys("n");
  }

  // ---- paths that leave the output volume ----

  @Test
  void outputNameThatEscapesTheVolume() {
    assertThat(errorText(outputs("../x", INT))).isEqualTo("output \"../x\": the name \"../x\" would leave the directory "
        + out());
  }

  @Test
  void dictKeyThatEscapesTheVolume() {
    f.write("m.json", "{\"../x\": \"" + f.outDir.resolve("a") + "\"}");
    f.write("a", "A");
    assertThat(errorText(outputs("m", mapOf(blob("", BlobDimensionality.SINGLE))))).isEqualTo("output \"m\"[\"../x\"] ("
        + out()
        + "/a): the name \"../x\" cannot be part of an object key under file://bucket/raw: a map key"
        + " or output name that is empty, \".\" or \"..\", or holds \"/\", would not get an object"
        + " of its own (two values could share one); rename it");
  }

  @Test
  void symlinkOutOfTheVolume() throws Exception {
    Path secret = Files.writeString(Files.createDirectories(temp.resolve("secrets")).resolve("token"), "S");
    Files.createSymbolicLink(f.outDir.resolve("model"), secret);
    assertThat(errorText(outputs("model", blob("", BlobDimensionality.SINGLE)))).isEqualTo("output \"model\": "
        + out()
        + "/model resolves to "
        + secret
        + ", outside the output directory "
        + out()
        + "; copilot does not read or upload files outside it");
  }

  @Test
  void blobPathInOutputsJsonOutsideTheVolume() throws Exception {
    Path secret = Files.writeString(Files.createDirectories(temp.resolve("secrets")).resolve("token"), "S");
    f.write("outputs.json", "{\"model\": \"" + secret + "\"}");
    assertThat(errorText(outputs("model", blob("", BlobDimensionality.SINGLE)))).isEqualTo("output \"model\" ("
        + secret
        + "): "
        + secret
        + " resolves to "
        + secret
        + ", outside the output directory "
        + out()
        + "; copilot does not read or upload files outside it");
  }

  @Test
  void everyTestIsARowOfDocsErrorsMd() {
    ErrorCatalogueRows.assertOneRowPerTest(ErrorCatalogueTest.class, "## Sidecar");
  }
}
