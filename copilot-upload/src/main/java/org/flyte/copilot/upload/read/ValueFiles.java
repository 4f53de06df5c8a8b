package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.VolumeFiles;

import org.flyte.copilot.core.error.Messages;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import org.flyte.copilot.core.format.DocumentProblems;
import org.flyte.copilot.core.literal.SimpleValues;
import org.flyte.copilot.upload.locate.VolumeFiles;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/** Reads value files: size-capped bytes, trimmed UTF-8 text, and JSON or YAML documents. */
public final class ValueFiles {
  public static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  public static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final long maxBytes;
  private final VolumeFiles volume;

  public ValueFiles(long maxBytes, VolumeFiles volume) {
    this.maxBytes = maxBytes;
    this.volume = volume;
  }

  long maxBytes() {
    return maxBytes;
  }

  /**
   * The whole content of a value file of at most {@link #maxBytes}, read through {@link VolumeFiles}
   * (no symlink followed, regular files only) and never more than the limit plus one byte.
   */
  byte[] readBytes(Site site, Entry entry, String typeName) {
    if (entry.directory()) {
      throw site.fail("expected a file for type [" + typeName + "], found a directory at " + entry.path());
    }
    if (!entry.regular()) {
      throw site.fail(entry.path() + " is a FIFO, socket or device, not a regular file; copilot reads only"
          + " regular files");
    }
    try (SeekableByteChannel ch = volume.openRegular(entry.real())) {
      long size = ch.size();
      if (size > maxBytes) {
        throw site.fail("the file is " + size + " bytes, more than the " + maxBytes + "-byte limit for a "
            + typeName + " value; write data this large as a file output (declare the output as a"
            + " FlyteFile/blob) or raise the limit");
      }
      byte[] bytes = VolumeFiles.readAtMost(ch, maxBytes);
      if (bytes.length > maxBytes) {
        throw site.fail("the file grew past the " + maxBytes + "-byte limit while being read");
      }
      return bytes;
    } catch (VolumeFiles.UnsafeFileException e) {
      throw site.fail(e.path().equals(entry.real()) ? entry.path() + " " + e.reason() : e.getMessage());
    } catch (AccessDeniedException e) {
      throw site.fail("unable to read " + entry.path() + ", copilot does not have permission");
    } catch (IOException e) {
      throw site.fail("cannot read " + entry.path() + ": " + Messages.of(e));
    }
  }

  /** The file's text as UTF-8, trimmed of spaces, tabs, CR and LF at both ends (D10). */
  public String readText(Site site, Entry entry, String typeName) {
    return SimpleValues.trim(decode(site, readBytes(site, entry, typeName)));
  }

  static String decode(Site site, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw site.fail("the content is not valid UTF-8 text");
    }
  }

  /**
   * The JSON or YAML document in a value file: {@code .yaml}/{@code .yml} files are YAML, others are
   * tried as JSON first and as YAML when that fails.
   */
  JsonNode readTree(Site site, Entry entry, String typeName) {
    byte[] bytes = readBytes(site, entry, typeName);
    String name = entry.path().getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return parseYaml(site, bytes);
    }
    try {
      return parse(JSON, bytes);
    } catch (IOException jsonError) {
      try {
        JsonNode yaml = parse(YAML, bytes);
        if (yaml.isContainerNode()) {
          return yaml;
        }
      } catch (IOException ignored) {
        // report the JSON error below
      }
      throw site.fail("not a valid JSON or YAML document: " + firstLine(jsonError.getMessage()));
    }
  }

  private static JsonNode parseYaml(Site site, byte[] bytes) {
    try {
      return parse(YAML, bytes);
    } catch (IOException e) {
      throw site.fail("not a valid YAML document: " + firstLine(e.getMessage()));
    }
  }

  public static JsonNode parse(ObjectMapper mapper, byte[] bytes) throws IOException {
    if (SimpleValues.trim(new String(bytes, StandardCharsets.UTF_8)).isEmpty()) {
      throw new IOException("the file is empty");
    }
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      // not chained: the parser's own message (in the cause) may quote the file, which may hold secrets
      IOException clean = new IOException(DocumentProblems.describe(e));
      clean.setStackTrace(e.getStackTrace());
      throw clean;
    }
    if (node == null || node.isMissingNode()) {
      throw new IOException("the file is empty");
    }
    return node;
  }

  public static String firstLine(String s) {
    return DocumentProblems.firstLine(s);
  }
}
