package org.flyte.copilot.download;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.LiteralOffloadedMetadata;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.Error;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.flyte.copilot.core.transfer.Retrying;
import org.flyte.copilot.core.format.JsonWriter;
import org.flyte.copilot.core.iostrategy.DownloadMode;
import org.flyte.copilot.core.iostrategy.FileInputLayout;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InvalidReferenceException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.literal.LiteralKinds;
import org.flyte.copilot.core.literal.LiteralVisitor;
import org.flyte.copilot.core.literal.PrimitiveTexts;
import org.flyte.copilot.core.literal.StructValues;

/**
 * Walks the input {@link LiteralMap} as docs/compatibility.md, "Input files per literal kind", "Blob
 * inputs", "DIRECT and NAMED_DIR", "Offloaded literals" describes, twice: {@link #rewrite} checks
 * every name and place, resolves offloaded literals and builds the rewritten map for
 * {@code inputs.pb} (local paths instead of remote URIs; {@code hash}, {@code metadata} and
 * {@code artifact_id} dropped as Go does) without writing anything; {@link #materialise} then walks
 * the same literals again and hands each directory, file, object and prefix to a {@link Sink} as it
 * meets it, so nothing is held per file (a 100,000-entry list is never a list of planned writes).
 * Reads only offloaded literals and, for structured datasets, one HEAD; both are remembered from the
 * first walk.
 */
final class LiteralPlanner {
  private static final int MAX_OFFLOAD_DEPTH = 16;

  /** What the second walk finds, in the order it finds it. */
  interface Sink {
    /** A directory to create (a collection, a map, a NAMED_DIR variable directory). */
    void directory(String variable, LocalPath p);

    /** A file whose content is known (a primitive's text, binary bytes, JSON); made when it is written. */
    void file(String variable, LocalPath p, Supplier<byte[]> content);

    /** One remote object to copy to {@code p}. */
    void object(String variable, String uri, DataReference ref, LocalPath p) throws InterruptedException;

    /** Every object below {@code uri/} to copy into the directory {@code p}, keeping nested paths. */
    void prefix(Plan.PrefixCopy copy) throws InterruptedException;
  }

  /** The first walk's sink: it only looks. */
  private static final Sink CHECK = new Sink() {
    @Override
    public void directory(String variable, LocalPath p) {}

    @Override
    public void file(String variable, LocalPath p, Supplier<byte[]> content) {}

    @Override
    public void object(String variable, String uri, DataReference ref, LocalPath p) {}

    @Override
    public void prefix(Plan.PrefixCopy copy) {}
  };

  private final ObjectStore store;
  private final InputPaths paths;
  private final DownloadMode mode;
  private final FileInputLayout layout;
  /** Offloaded literals read in the first walk, by the literal that points at them. */
  private final Map<Literal, Literal> offloaded = new IdentityHashMap<>();
  /** Whether a structured dataset's URI names one object (else a prefix), as the first walk found. */
  private final Map<StructuredDataset, Boolean> datasetIsObject = new IdentityHashMap<>();
  private Sink sink = CHECK;
  /** The first walk claims the places of remote data, so that two inputs can never share one. */
  private boolean claim = true;

  LiteralPlanner(ObjectStore store, InputPaths paths, DownloadMode mode, FileInputLayout layout) {
    this.store = store;
    this.paths = paths;
    this.mode = mode;
    this.layout = layout;
  }

  private boolean downloads() {
    return mode != DownloadMode.DO_NOT_DOWNLOAD;
  }

  /** The first walk: every check, no write; returns the rewritten map of {@code inputs.pb}. */
  LiteralMap rewrite(LiteralMap inputs) throws InterruptedException {
    sink = CHECK;
    claim = true;
    return walk(inputs);
  }

  /** The second walk, after {@link #rewrite} succeeded: tells {@code to} everything to make, in order. */
  void materialise(LiteralMap inputs, Sink to) throws InterruptedException {
    sink = to;
    claim = false;
    try {
      walk(inputs);
    } finally {
      sink = CHECK;
    }
  }

  private LiteralMap walk(LiteralMap inputs) throws InterruptedException {
    // names are checked first, so a bad one fails the download before anything is fetched or written
    List<String> names = new ArrayList<>(inputs.getLiteralsMap().keySet());
    names.sort(null);
    for (String name : names) {
      paths.variable(name);
    }
    LiteralMap.Builder rewritten = LiteralMap.newBuilder();
    for (String name : names) {
      Literal lit = resolveOffloaded(inputs.getLiteralsMap().get(name), name, 0);
      rewritten.putLiterals(name, planMapEntry(lit, paths.variable(name), name));
    }
    return rewritten.build();
  }

  /** A map entry: a single blob goes into its own directory under NAMED_DIR (§2.5). */
  private Literal planMapEntry(Literal lit, LocalPath place, String variable) throws InterruptedException {
    if (layout == FileInputLayout.NAMED_DIR && downloads() && LiteralKinds.isSingleBlob(lit)) {
      String uri = lit.getScalar().getBlob().getUri();
      String name = GoPaths.base(uri);
      if (name.equals(".") || name.equals("/") || name.equals("..")) {
        throw DownloadException.invalid(variable, uri, DownloadException.about(variable)
            + "cannot name the NAMED_DIR file after blob uri [" + uri + "]: its last segment is [" + name + "]");
      }
      sink.directory(variable, place);
      return planLiteral(lit, paths.child(place, name, variable, "file name from blob uri"), variable, 0);
    }
    return planLiteral(lit, place, variable, 0);
  }

  /** What one literal becomes, by its kind; each primitive, binary, error, struct or none is one file. */
  private Literal planLiteral(Literal lit, LocalPath p, String variable, int depth) throws InterruptedException {
    return LiteralKinds.accept(lit, new LiteralVisitor<Literal, InterruptedException>() {
      @Override
      public Literal primitive(Primitive primitive) {
        return file(() -> PrimitiveTexts.fileBytes(primitive));
      }

      @Override
      public Literal blob(Blob blob) throws InterruptedException {
        return planBlob(lit, p, variable);
      }

      @Override
      public Literal schema(Schema schema) throws InterruptedException {
        if (!downloads()) {
          return unchanged(lit);
        }
        prefix(variable, schema.getUri(), p);
        Schema.Builder b = Schema.newBuilder().setUri(p.text());
        if (schema.hasType()) {
          b.setType(schema.getType());
        }
        return literal(Scalar.newBuilder().setSchema(b).build());
      }

      @Override
      public Literal structuredDataset(StructuredDataset dataset) throws InterruptedException {
        return planDataset(lit, p, variable);
      }

      @Override
      public Literal binary(Binary binary) {
        return file(() -> binary.getValue().toByteArray());
      }

      @Override
      public Literal error(Error error) {
        return file(() -> error.getMessageBytes().toByteArray());
      }

      @Override
      public Literal generic(Struct struct) {
        return file(() -> JsonWriter.write(StructValues.toJson(struct)).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public Literal noneType() {
        return file(() -> "null".getBytes(StandardCharsets.US_ASCII));
      }

      @Override
      public Literal union(Union u) throws InterruptedException {
        Union.Builder b = Union.newBuilder().setValue(planLiteral(u.getValue(), p, variable, depth));
        if (u.hasType()) {
          b.setType(u.getType());
        }
        return literal(Scalar.newBuilder().setUnion(b).build());
      }

      @Override
      public Literal collection(LiteralCollection collection) throws InterruptedException {
        return planCollection(lit, p, variable, depth);
      }

      @Override
      public Literal map(LiteralMap map) throws InterruptedException {
        return planMap(lit, p, variable, depth);
      }

      @Override
      public Literal offloaded(LiteralOffloadedMetadata metadata) throws InterruptedException {
        return planLiteral(resolveOffloaded(lit, variable, depth), p, variable, depth + 1);
      }

      @Override
      public Literal unsetLiteral() {
        throw DownloadException.invalid(variable, null, DownloadException.about(variable)
            + "the literal for " + p.text() + " has no value");
      }

      @Override
      public Literal unsetScalar() {
        throw DownloadException.invalid(variable, null, DownloadException.about(variable)
            + "the scalar for " + p.text() + " has no value");
      }

      private Literal file(Supplier<byte[]> content) {
        LiteralPlanner.this.file(variable, p, content);
        return unchanged(lit);
      }
    });
  }

  private Literal planCollection(Literal lit, LocalPath p, String variable, int depth) throws InterruptedException {
    LiteralCollection c = lit.getCollection();
    sink.directory(variable, p);
    List<Literal> elements = new ArrayList<>(c.getLiteralsCount());
    for (Literal e : c.getLiteralsList()) {
      elements.add(resolveOffloaded(e, variable, depth));
    }
    List<String> names = elementNames(elements, variable);
    // a collection whose elements all stay as they are is itself unchanged: no copy of a 100,000-entry list
    LiteralCollection.Builder out = null;
    for (int i = 0; i < elements.size(); i++) {
      LocalPath child = paths.child(p, names.get(i), variable, "collection entry name");
      Literal rewritten = planLiteral(elements.get(i), child, variable, depth);
      if (out == null && rewritten != c.getLiterals(i)) {
        out = LiteralCollection.newBuilder().addAllLiterals(c.getLiteralsList().subList(0, i));
      }
      if (out != null) {
        out.addLiterals(rewritten);
      }
    }
    if (out == null && bare(lit)) {
      return lit;
    }
    return Literal.newBuilder().setCollection(out == null ? c : out.build()).build();
  }

  /** Element names: the index, or under NAMED_DIR a single blob's base name, made unique as §2.5 says. */
  private List<String> elementNames(List<Literal> elements, String variable) {
    List<String> names = new ArrayList<>(elements.size());
    boolean named = layout == FileInputLayout.NAMED_DIR && downloads();
    Set<String> used = new HashSet<>();
    if (named) {
      for (int i = 0; i < elements.size(); i++) {
        if (!LiteralKinds.isSingleBlob(elements.get(i))) {
          used.add(Integer.toString(i));
        }
      }
    }
    for (int i = 0; i < elements.size(); i++) {
      Literal e = elements.get(i);
      if (!named || !LiteralKinds.isSingleBlob(e)) {
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

  private Literal planMap(Literal lit, LocalPath p, String variable, int depth) throws InterruptedException {
    Map<String, Literal> entries = lit.getMap().getLiteralsMap();
    sink.directory(variable, p);
    String[] keys = entries.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    LiteralMap.Builder out = null;
    for (int i = 0; i < keys.length; i++) {
      LocalPath place = paths.child(p, keys[i], variable, "map key");
      Literal original = entries.get(keys[i]);
      Literal rewritten = planMapEntry(resolveOffloaded(original, variable, depth), place, variable);
      if (out == null && rewritten != original) {
        out = LiteralMap.newBuilder();
        for (int j = 0; j < i; j++) {
          out.putLiterals(keys[j], entries.get(keys[j]));
        }
      }
      if (out != null) {
        out.putLiterals(keys[i], rewritten);
      }
    }
    if (out == null && bare(lit)) {
      return lit;
    }
    return Literal.newBuilder().setMap(out == null ? lit.getMap() : out.build()).build();
  }

  private Literal planBlob(Literal lit, LocalPath p, String variable) throws InterruptedException {
    Blob blob = lit.getScalar().getBlob();
    BlobDimensionality dim = blob.getMetadata().getType().getDimensionality();
    if (dim != BlobDimensionality.SINGLE && dim != BlobDimensionality.MULTIPART) {
      throw DownloadException.invalid(variable, blob.getUri(), DownloadException.about(variable)
          + "unexpected Blob type encountered: dimensionality " + blob.getMetadata().getType().getDimensionalityValue()
          + " of " + blob.getUri());
    }
    if (!downloads()) {
      return unchanged(lit);
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
    return literal(Scalar.newBuilder().setBlob(b).build());
  }

  /** Go rejects structured datasets; we fetch the URI as a file when it names one object, else as a directory. */
  private Literal planDataset(Literal lit, LocalPath p, String variable) throws InterruptedException {
    StructuredDataset sd = lit.getScalar().getStructuredDataset();
    String uri = sd.getUri();
    if (!downloads()) {
      return unchanged(lit);
    }
    DataReference ref = parse(variable, uri);
    Boolean single = datasetIsObject.get(sd);
    if (single == null) {
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
      datasetIsObject.put(sd, single);
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
    return literal(Scalar.newBuilder().setStructuredDataset(b).build());
  }

  /** Replaces an offloaded literal by the literal stored at its URI (§2.6), however deep it sits. */
  private Literal resolveOffloaded(Literal lit, String variable, int depth) {
    Literal current = lit;
    int hops = depth;
    while (current.hasOffloadedMetadata()) {
      Literal known = offloaded.get(current);
      if (known != null) {
        current = known; // a chain of offloaded literals is followed to its end, as the first walk did
        continue;
      }
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
      Literal loaded;
      try {
        loaded = Literal.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw DownloadException.invalid(variable, uri, DownloadException.about(variable)
            + "the offloaded literal " + uri + " is not a valid Literal: " + ProtoProblems.describe(e));
      }
      offloaded.put(current, loaded);
      current = loaded;
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

  /** The rewritten form of a scalar literal whose value stays: itself when it carries nothing to drop. */
  private static Literal unchanged(Literal lit) {
    return bare(lit) ? lit : literal(lit.getScalar());
  }

  /** Whether the literal carries only its value (nothing the rewrite drops: hash, metadata, newer fields). */
  private static boolean bare(Literal lit) {
    return lit.getHash().isEmpty() && lit.getMetadataCount() == 0 && lit.getUnknownFields().asMap().isEmpty();
  }

  private void file(String variable, LocalPath p, Supplier<byte[]> content) {
    sink.file(variable, p, content);
  }

  private void object(String variable, String uri, LocalPath p) throws InterruptedException {
    DataReference ref = parse(variable, uri);
    if (claim) {
      paths.claimFile(p, variable, uri);
    }
    sink.object(variable, uri, ref, p);
  }

  private void prefix(String variable, String uri, LocalPath p) throws InterruptedException {
    DataReference ref = parse(variable, uri);
    if (claim) {
      paths.claimDirectory(p, variable, uri);
    }
    sink.prefix(new Plan.PrefixCopy(variable, uri, ref, p));
  }
}
