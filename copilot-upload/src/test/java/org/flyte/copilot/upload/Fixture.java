package org.flyte.copilot.upload;

import org.flyte.copilot.upload.transfer.UploadListener;
import org.flyte.copilot.upload.transfer.UploadResult;
import org.flyte.copilot.upload.transfer.Uploader;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SchemaType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.UnionType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.file.FileStore;

/** An output directory, a file store and helpers to build interfaces and read what the uploader stored. */
public final class Fixture {
  public static final String OUT = "file://bucket/out";
  public static final String RAW = "file://bucket/raw";
  public static final LiteralType INT = simple(SimpleType.INTEGER);
  public static final LiteralType STR = simple(SimpleType.STRING);
  public static final LiteralType NONE = simple(SimpleType.NONE);
  public static final LiteralType STRUCT = simple(SimpleType.STRUCT);
  /** A single file and a directory of any format. */
  public static final LiteralType FILE = blob("", BlobDimensionality.SINGLE);
  public static final LiteralType DIR = blob("", BlobDimensionality.MULTIPART);

  public final Path outDir;
  public final Path storeRoot;
  public final FileStore store;

  public Fixture(Path temp) {
    try {
      this.outDir = Files.createDirectories(temp.resolve("outputs"));
      this.storeRoot = Files.createDirectories(temp.resolve("store"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.store = new FileStore(storeRoot);
  }

  public UploadRequest request(TypedInterface iface) {
    return UploadRequest.of(OUT, RAW, outDir, iface);
  }

  /** Uploads and returns the LiteralMap read back from outputs.pb. */
  public LiteralMap upload(TypedInterface iface) {
    return upload(request(iface));
  }

  public LiteralMap upload(UploadRequest request) {
    UploadResult r = new Uploader(store, UploadListener.NONE).upload(request);
    assertThat(r.outputsReference()).isEqualTo(OUT + "/outputs.pb");
    LiteralMap stored = outputs();
    assertThat(stored).isEqualTo(r.outputs());
    return stored;
  }

  public LiteralMap outputs() {
    try {
      return LiteralMap.parseFrom(store.readAllBytes(DataReference.parse(OUT + "/outputs.pb")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean hasOutputs() {
    return store.head(DataReference.parse(OUT + "/outputs.pb")).isPresent();
  }

  public ErrorDocument errorDocument() {
    try {
      return ErrorDocument.parseFrom(store.readAllBytes(DataReference.parse(OUT + "/error.pb")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String raw(String key) {
    return new String(store.readAllBytes(DataReference.parse(RAW + "/" + key)), StandardCharsets.UTF_8);
  }

  public Path write(String relative, String content) {
    try {
      Path p = outDir.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path mkdir(String relative) {
    try {
      return Files.createDirectories(outDir.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- interfaces and types ----

  /** An interface declaring outputs given as name, type, name, type... */
  public static TypedInterface outputs(Object... nameTypePairs) {
    VariableMap.Builder vm = VariableMap.newBuilder();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      vm.putVariables((String) nameTypePairs[i], Variable.newBuilder().setType((LiteralType) nameTypePairs[i + 1]).build());
    }
    return TypedInterface.newBuilder().setOutputs(vm).build();
  }

  public static LiteralType simple(SimpleType t) {
    return LiteralType.newBuilder().setSimple(t).build();
  }

  public static LiteralType blob(String format, BlobDimensionality d) {
    return LiteralType.newBuilder().setBlob(BlobType.newBuilder().setFormat(format).setDimensionality(d)).build();
  }

  public static LiteralType listOf(LiteralType t) {
    return LiteralType.newBuilder().setCollectionType(t).build();
  }

  public static LiteralType mapOf(LiteralType t) {
    return LiteralType.newBuilder().setMapValueType(t).build();
  }

  public static LiteralType union(LiteralType... variants) {
    return LiteralType.newBuilder().setUnionType(UnionType.newBuilder().addAllVariants(Arrays.asList(variants))).build();
  }

  public static LiteralType enumOf(String... values) {
    return LiteralType.newBuilder().setEnumType(EnumType.newBuilder().addAllValues(Arrays.asList(values))).build();
  }

  public static LiteralType schema() {
    return LiteralType.newBuilder().setSchema(SchemaType.newBuilder().addColumns(
        SchemaType.SchemaColumn.newBuilder().setName("a").setType(SchemaType.SchemaColumn.SchemaColumnType.INTEGER)))
        .build();
  }

  public static LiteralType dataset(String format) {
    return LiteralType.newBuilder().setStructuredDatasetType(StructuredDatasetType.newBuilder().setFormat(format)
        .addColumns(StructuredDatasetType.DatasetColumn.newBuilder().setName("x").setLiteralType(simple(SimpleType.FLOAT))))
        .build();
  }

  public static Literal lit(LiteralMap m, String name) {
    assertThat(m.getLiteralsMap()).containsKey(name);
    return m.getLiteralsOrThrow(name);
  }
}
