package org.flyte.copilot.upload;

import org.flyte.copilot.core.format.ProtobufProblems;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.literal.JsonKinds;
import org.flyte.copilot.upload.read.ValueFiles;
import org.flyte.copilot.upload.read.ProtoLiterals;
import org.flyte.copilot.upload.read.LiteralReader;

/**
 * The container's own {@code outputs.json}, {@code outputs.yaml} or {@code outputs.pb} (per
 * {@code --format}, D13): values for some or all outputs, the mirror of {@code inputs.*}, with blob
 * values as local paths (remote URIs under DO_NOT_UPLOAD).
 */
public final class OutputsFile {
  /** A metadata file may hold many values: it gets a larger cap than a single value file. */
  static final long MIN_MAX_BYTES = 64L * 1024 * 1024;

  private final String source;
  private final JsonNode json;
  private final LiteralMap proto;
  private final ProtoLiterals protoLiterals;

  private OutputsFile(String source, JsonNode json, LiteralMap proto, ProtoLiterals protoLiterals) {
    this.source = source;
    this.json = json;
    this.proto = proto;
    this.protoLiterals = protoLiterals;
  }

  static String fileName(MetadataFormat format) {
    return "outputs." + format.extension();
  }

  /** The metadata file of {@code format} in the output directory, if the container wrote one. */
  public static Optional<OutputsFile> read(LiteralReader reader, MetadataFormat format) {
    OutputLocator locator = reader.locator();
    Path p = locator.outputDir().resolve(fileName(format));
    Function<String, UploadException> unreadable =
        why -> new UploadException("cannot read the metadata file " + p + ": " + why);
    Optional<Entry> found = locator.child(locator.root(), fileName(format), unreadable);
    return found.map(entry -> load(reader, format, p, entry, unreadable));
  }

  private static OutputsFile load(LiteralReader reader, MetadataFormat format, Path p, Entry entry,
      Function<String, UploadException> unreadable) {
    String source = p.toString();
    if (entry.directory()) {
      throw new UploadException("the metadata file " + p + " is a directory");
    }
    long max = Math.max(MIN_MAX_BYTES, reader.request().maxSimpleBytes());
    byte[] bytes = reader.locator().volume().readWhole(entry.real(), p, max,
        size -> new UploadException("the metadata file " + p + " is " + size + " bytes, more than the " + max
            + "-byte limit; write large values to their own files"),
        () -> new UploadException("the metadata file " + p + " grew past the " + max + "-byte limit while being read"),
        unreadable);
    if (format == MetadataFormat.PROTO) {
      try {
        return new OutputsFile(source, null, LiteralMap.parseFrom(bytes), new ProtoLiterals(reader));
      } catch (InvalidProtocolBufferException e) {
        throw new UploadException("the metadata file " + p + " is not a binary protobuf LiteralMap: "
            + ProtobufProblems.describe(e));
      }
    }
    JsonNode node;
    try {
      node = ValueFiles.parse(format == MetadataFormat.YAML ? ValueFiles.YAML : ValueFiles.JSON, bytes);
    } catch (IOException e) {
      throw new UploadException("the metadata file " + p + " is not valid " + format.name() + ": "
          + ValueFiles.firstLine(e.getMessage()));
    }
    if (!node.isObject()) {
      throw new UploadException("the metadata file " + p + " must hold an object of output names to values, found "
          + JsonKinds.describe(node));
    }
    return new OutputsFile(source, node, null, null);
  }

  public String source() {
    return source;
  }

  /** The output names the file holds, in file order. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    if (json != null) {
      Iterator<String> it = json.fieldNames();
      it.forEachRemaining(names::add);
    } else {
      List<String> keys = new ArrayList<>(proto.getLiteralsMap().keySet());
      names.addAll(keys);
    }
    return names;
  }

  public boolean holds(String name) {
    return json != null ? json.has(name) : proto.containsLiterals(name);
  }

  public Literal read(LiteralReader reader, String name, LiteralType type, UploadPlan plan) {
    Site site = Site.output(name, source);
    if (json != null) {
      return reader.fromJson(site, type, json.get(name), plan);
    }
    return protoLiterals.adopt(site, type, proto.getLiteralsOrThrow(name), plan);
  }
}
