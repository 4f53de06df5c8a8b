package org.flyte.copilot.download;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flyte.copilot.core.transfer.Retrying;
import org.flyte.copilot.core.format.JsonValue;
import org.flyte.copilot.core.format.JsonWriter;
import org.flyte.copilot.core.format.MsgpackDecoder;
import org.flyte.copilot.core.format.StructJson;
import org.flyte.copilot.core.iostrategy.DownloadMode;
import org.flyte.copilot.core.iostrategy.FileInputLayout;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InvalidReferenceException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.text.GoDurations;
import org.flyte.copilot.core.text.GoFloats;
import org.flyte.copilot.core.text.GoTimes;

/**
 * Turns the input {@link LiteralMap} into a {@link Plan} of what to write, the rewritten map for
 * {@code inputs.pb} (local paths instead of remote URIs; {@code hash}, {@code metadata} and
 * {@code artifact_id} dropped as Go does) and the JSON value of {@code inputs.json}, following
 * CONTRACT.md §2.3–2.6. Reads only offloaded literals and, for structured datasets, one HEAD.
 */
final class LiteralPlanner {
  private static final System.Logger LOG = System.getLogger(LiteralPlanner.class.getName());
  private static final int MAX_OFFLOAD_DEPTH = 16;

  /** The rewritten literal and its JSON value. */
  record Planned(Literal literal, JsonValue json) {}

  /** The rewritten input map and the variable map of the metadata files. */
  record Result(LiteralMap inputs, Map<String, JsonValue> json) {}

  private final ObjectStore store;
  private final InputPaths paths;
  private final DownloadMode mode;
  private final FileInputLayout layout;
  private final Plan plan = new Plan();

  LiteralPlanner(ObjectStore store, InputPaths paths, DownloadMode mode, FileInputLayout layout) {
    this.store = store;
    this.paths = paths;
    this.mode = mode;
    this.layout = layout;
  }

  Plan plan() {
    return plan;
  }

  private boolean downloads() {
    return mode != DownloadMode.DO_NOT_DOWNLOAD;
  }

  Result planInputs(LiteralMap inputs) {
    // names are checked first, so a bad one fails the download before anything is fetched or written
    Map<String, LocalPath> places = new TreeMap<>();
    for (String name : inputs.getLiteralsMap().keySet()) {
      places.put(name, paths.variable(name));
    }
    LiteralMap.Builder rewritten = LiteralMap.newBuilder();
    Map<String, JsonValue> json = new LinkedHashMap<>();
    for (Map.Entry<String, LocalPath> e : places.entrySet()) {
      String name = e.getKey();
      Literal lit = resolveOffloaded(inputs.getLiteralsMap().get(name), name, 0);
      Planned p = planMapEntry(lit, e.getValue(), name);
      rewritten.putLiterals(name, p.literal());
      json.put(name, p.json());
    }
    return new Result(rewritten.build(), json);
  }

  /** A map entry: a single blob goes into its own directory under NAMED_DIR (§2.5). */
  private Planned planMapEntry(Literal lit, LocalPath place, String variable) {
    if (layout == FileInputLayout.NAMED_DIR && downloads() && isSingleBlob(lit)) {
      String uri = lit.getScalar().getBlob().getUri();
      String name = GoPaths.base(uri);
      if (name.equals(".") || name.equals("/") || name.equals("..")) {
        throw DownloadException.invalid(variable, uri, DownloadException.about(variable)
            + "cannot name the NAMED_DIR file after blob uri [" + uri + "]: its last segment is [" + name + "]");
      }
      directory(place, variable);
      return planLiteral(lit, paths.child(place, name, variable, "file name from blob uri"), variable, 0);
    }
    return planLiteral(lit, place, variable, 0);
  }

  private Planned planLiteral(Literal lit, LocalPath p, String variable, int depth) {
    switch (lit.getValueCase()) {
      case OFFLOADED_METADATA:
        return planLiteral(resolveOffloaded(lit, variable, depth), p, variable, depth + 1);
      case SCALAR:
        return planScalar(lit.getScalar(), p, variable, depth);
      case COLLECTION:
        return planCollection(lit.getCollection(), p, variable, depth);
      case MAP:
        return planMap(lit.getMap(), p, variable, depth);
      default:
        throw DownloadException.invalid(variable, null, DownloadException.about(variable)
            + "the literal for " + p.text() + " has no value");
    }
  }

  private Planned planCollection(LiteralCollection c, LocalPath p, String variable, int depth) {
    directory(p, variable);
    List<Literal> elements = new ArrayList<>(c.getLiteralsCount());
    for (Literal e : c.getLiteralsList()) {
      elements.add(resolveOffloaded(e, variable, depth));
    }
    List<String> names = elementNames(elements, variable);
    LiteralCollection.Builder out = LiteralCollection.newBuilder();
    List<JsonValue> json = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      LocalPath child = paths.child(p, names.get(i), variable, "collection entry name");
      Planned e = planLiteral(elements.get(i), child, variable, depth);
      out.addLiterals(e.literal());
      json.add(e.json());
    }
    return new Planned(Literal.newBuilder().setCollection(out).build(), JsonValue.array(json));
  }

  /** Element names: the index, or under NAMED_DIR a single blob's base name, made unique as §2.5 says. */
  private List<String> elementNames(List<Literal> elements, String variable) {
    List<String> names = new ArrayList<>(elements.size());
    boolean named = layout == FileInputLayout.NAMED_DIR && downloads();
    Set<String> used = new HashSet<>();
    if (named) {
      for (int i = 0; i < elements.size(); i++) {
        if (!isSingleBlob(elements.get(i))) {
          used.add(Integer.toString(i));
        }
      }
    }
    for (int i = 0; i < elements.size(); i++) {
      Literal e = elements.get(i);
      if (!named || !isSingleBlob(e)) {
        names.add(Integer.toString(i));
        continue;
      }
      String base = GoPaths.base(e.getScalar().getBlob().getUri());
      String name = base;
      if (base.equals(".") || base.equals("/") || base.equals("..") || used.contains(name)) {
        name = i + "_" + (base.equals("/") ? "" : base);
      }
      while (used.contains(name)) {
        name = i + "_" + name;
      }
      used.add(name);
      names.add(name);
    }
    return names;
  }

  private Planned planMap(LiteralMap m, LocalPath p, String variable, int depth) {
    directory(p, variable);
    LiteralMap.Builder out = LiteralMap.newBuilder();
    Map<String, JsonValue> json = new LinkedHashMap<>();
    for (String key : new TreeMap<>(m.getLiteralsMap()).keySet()) {
      LocalPath place = paths.child(p, key, variable, "map key");
      Literal lit = resolveOffloaded(m.getLiteralsMap().get(key), variable, depth);
      Planned e = planMapEntry(lit, place, variable);
      out.putLiterals(key, e.literal());
      json.put(key, e.json());
    }
    return new Planned(Literal.newBuilder().setMap(out).build(), JsonValue.object(json));
  }

  private Planned planScalar(Scalar s, LocalPath p, String variable, int depth) {
    switch (s.getValueCase()) {
      case PRIMITIVE:
        return planPrimitive(s, p, variable);
      case BLOB:
        return planBlob(s, p, variable);
      case SCHEMA: {
        Schema schema = s.getSchema();
        if (!downloads()) {
          return new Planned(literal(s), JsonValue.of(schema.getUri()));
        }
        prefix(variable, schema.getUri(), p);
        Schema.Builder b = Schema.newBuilder().setUri(p.text());
        if (schema.hasType()) {
          b.setType(schema.getType());
        }
        return new Planned(literal(Scalar.newBuilder().setSchema(b).build()), JsonValue.of(p.text()));
      }
      case STRUCTURED_DATASET:
        return planDataset(s, p, variable);
      case BINARY: {
        Binary bin = s.getBinary();
        file(variable, p, bin.getValue().toByteArray());
        return new Planned(literal(s), binaryJson(bin, variable));
      }
      case ERROR:
        file(variable, p, s.getError().getMessageBytes().toByteArray());
        return new Planned(literal(s), JsonValue.of(s.getError().getMessage()));
      case GENERIC: {
        JsonValue json = StructJson.toJson(s.getGeneric());
        file(variable, p, JsonWriter.write(json).getBytes(StandardCharsets.UTF_8));
        return new Planned(literal(s), json);
      }
      case NONE_TYPE:
        file(variable, p, "null".getBytes(StandardCharsets.US_ASCII));
        return new Planned(literal(s), JsonValue.NULL);
      case UNION: {
        Union u = s.getUnion();
        Planned inner = planLiteral(u.getValue(), p, variable, depth);
        Union.Builder b = Union.newBuilder().setValue(inner.literal());
        if (u.hasType()) {
          b.setType(u.getType());
        }
        return new Planned(literal(Scalar.newBuilder().setUnion(b).build()), inner.json());
      }
      default:
        throw DownloadException.invalid(variable, null, DownloadException.about(variable)
            + "the scalar for " + p.text() + " has no value");
    }
  }

  private Planned planPrimitive(Scalar s, LocalPath p, String variable) {
    Primitive prim = s.getPrimitive();
    String text;
    JsonValue json;
    switch (prim.getValueCase()) {
      case INTEGER -> {
        text = Long.toString(prim.getInteger());
        json = JsonValue.of(prim.getInteger());
      }
      case FLOAT_VALUE -> {
        text = GoFloats.fileText(prim.getFloatValue());
        json = JsonValue.of(prim.getFloatValue());
      }
      case STRING_VALUE -> {
        file(variable, p, prim.getStringValueBytes().toByteArray());
        return new Planned(literal(s), JsonValue.of(prim.getStringValue()));
      }
      case BOOLEAN -> {
        text = Boolean.toString(prim.getBoolean());
        json = JsonValue.of(prim.getBoolean());
      }
      case DATETIME -> {
        text = GoTimes.rfc3339Nano(prim.getDatetime().getSeconds(), prim.getDatetime().getNanos());
        json = JsonValue.of(text);
      }
      case DURATION -> {
        long nanos = GoDurations.saturatedNanos(prim.getDuration().getSeconds(), prim.getDuration().getNanos());
        text = GoDurations.format(nanos);
        json = JsonValue.of(nanos);
      }
      default -> {
        text = "null";
        json = JsonValue.NULL;
      }
    }
    file(variable, p, text.getBytes(StandardCharsets.UTF_8));
    return new Planned(literal(s), json);
  }

  private Planned planBlob(Scalar s, LocalPath p, String variable) {
    Blob blob = s.getBlob();
    BlobDimensionality dim = blob.getMetadata().getType().getDimensionality();
    if (dim != BlobDimensionality.SINGLE && dim != BlobDimensionality.MULTIPART) {
      throw DownloadException.invalid(variable, blob.getUri(), DownloadException.about(variable)
          + "unexpected Blob type encountered: dimensionality " + blob.getMetadata().getType().getDimensionalityValue()
          + " of " + blob.getUri());
    }
    if (!downloads()) {
      return new Planned(literal(s), JsonValue.of(blob.getUri()));
    }
    if (dim == BlobDimensionality.MULTIPART) {
      prefix(variable, blob.getUri(), p);
    } else {
      object(variable, blob.getUri(), p);
    }
    Blob.Builder b = Blob.newBuilder().setUri(p.text());
    if (blob.hasMetadata()) {
      b.setMetadata(blob.getMetadata());
    }
    return new Planned(literal(Scalar.newBuilder().setBlob(b).build()), JsonValue.of(p.text()));
  }

  /** Go rejects structured datasets; we fetch the URI as a file when it names one object, else as a directory. */
  private Planned planDataset(Scalar s, LocalPath p, String variable) {
    StructuredDataset sd = s.getStructuredDataset();
    String uri = sd.getUri();
    if (!downloads()) {
      return new Planned(literal(s), JsonValue.of(uri));
    }
    DataReference ref = parse(variable, uri);
    boolean single;
    if (ref.scheme().equals("http") || ref.scheme().equals("https")) {
      single = true;
    } else {
      try {
        single = !ref.key().isEmpty() && store.head(ref).isPresent();
      } catch (StorageException e) {
        throw DownloadException.failed(variable, uri, DownloadException.about(variable)
            + "cannot look up structured dataset " + uri + ": " + e.getMessage(), e);
      }
    }
    if (single) {
      object(variable, uri, p);
    } else {
      prefix(variable, uri, p);
    }
    StructuredDataset.Builder b = StructuredDataset.newBuilder().setUri(p.text());
    if (sd.hasMetadata()) {
      b.setMetadata(sd.getMetadata());
    }
    return new Planned(literal(Scalar.newBuilder().setStructuredDataset(b).build()), JsonValue.of(p.text()));
  }

  /** base64, or for {@code tag: msgpack} the decoded value (a Flyte 2 dataclass or Pydantic model). */
  private static JsonValue binaryJson(Binary bin, String variable) {
    byte[] bytes = bin.getValue().toByteArray();
    if (bin.getTag().equals("msgpack")) {
      try {
        return MsgpackDecoder.decode(bytes);
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "variable [{0}]: binary tagged msgpack does not decode ({1}); "
            + "its metadata value is base64 instead", variable, e.getMessage());
      }
    }
    return JsonValue.of(Base64.getEncoder().encodeToString(bytes));
  }

  private static boolean isSingleBlob(Literal lit) {
    return lit.getValueCase() == Literal.ValueCase.SCALAR
        && lit.getScalar().getValueCase() == Scalar.ValueCase.BLOB
        && lit.getScalar().getBlob().getMetadata().getType().getDimensionality() == BlobDimensionality.SINGLE;
  }

  /** Replaces an offloaded literal by the literal stored at its URI (§2.6), however deep it sits. */
  private Literal resolveOffloaded(Literal lit, String variable, int depth) {
    Literal current = lit;
    int hops = depth;
    while (current.getValueCase() == Literal.ValueCase.OFFLOADED_METADATA) {
      String uri = current.getOffloadedMetadata().getUri();
      if (++hops > MAX_OFFLOAD_DEPTH) {
        throw DownloadException.invalid(variable, uri, DownloadException.about(variable)
            + "offloaded literals nest more than " + MAX_OFFLOAD_DEPTH + " deep at " + uri);
      }
      DataReference ref = parse(variable, uri);
      byte[] bytes;
      try {
        bytes = Retrying.readAllBytes(store, ref);
      } catch (StorageException e) {
        throw DownloadException.failed(variable, uri, DownloadException.about(variable)
            + "cannot read the offloaded literal " + uri + ": " + e.getMessage(), e);
      }
      try {
        current = Literal.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw DownloadException.invalid(variable, uri, DownloadException.about(variable)
            + "the offloaded literal " + uri + " is not a valid Literal: " + e.getMessage());
      }
    }
    return current;
  }

  private static DataReference parse(String variable, String uri) {
    if (uri.isEmpty()) {
      throw DownloadException.invalid(variable, uri, DownloadException.about(variable) + "the remote uri is empty");
    }
    try {
      return DataReference.parse(uri);
    } catch (InvalidReferenceException e) {
      throw DownloadException.invalid(variable, uri, DownloadException.about(variable)
          + "uri incorrectly formatted: " + e.getMessage());
    }
  }

  private static Literal literal(Scalar s) {
    return Literal.newBuilder().setScalar(s).build();
  }

  private void directory(LocalPath p, String variable) {
    paths.claimDirectory(p, variable, "variable [" + variable + "]");
    plan.directories.add(new Plan.Directory(variable, p));
  }

  private void file(String variable, LocalPath p, byte[] bytes) {
    paths.claimFile(p, variable, "variable [" + variable + "]");
    plan.files.add(new Plan.FileWrite(variable, p, bytes));
  }

  private void object(String variable, String uri, LocalPath p) {
    DataReference ref = parse(variable, uri);
    paths.claimFile(p, variable, uri);
    plan.objects.add(new Plan.ObjectCopy(variable, uri, ref, p));
  }

  private void prefix(String variable, String uri, LocalPath p) {
    DataReference ref = parse(variable, uri);
    paths.claimDirectory(p, variable, uri);
    plan.prefixes.add(new Plan.PrefixCopy(variable, uri, ref, p));
  }
}
