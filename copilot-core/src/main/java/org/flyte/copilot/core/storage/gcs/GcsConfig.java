package org.flyte.copilot.core.storage.gcs;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.StowValues;

/**
 * The settings of one GCS backend, read from Flyte's {@code stow.kind: google} config map
 * (docs/compatibility.md, "Backend keys") plus copilot's own tuning keys. Never holds the key material
 * itself in its
 * string form: {@link #toString()} redacts it.
 *
 * @param keyPrefix the config key the map lives under ({@code storage.stow.config}), for messages
 * @param credentials where the credentials come from
 * @param keyJson the service-account (or other ADC) JSON when {@code credentials} is {@code JSON}
 * @param keySource {@code "inline"} or the key file's path, for messages
 * @param projectId the project, empty when unknown (ambient mode only)
 * @param endpoint an endpoint override (emulator, private endpoint), empty for Google's
 * @param singleRequestMax objects up to this size are sent in one multipart request
 * @param uploadChunkSize chunk size of resumable uploads fed from a stream (bytes held per upload)
 * @param parallelDownloadMin objects from this size on are downloaded in parallel ranged reads
 * @param downloadPartSize size of one ranged read of a parallel download
 * @param downloadConcurrency ranged reads in flight per store
 * @param maxAttempts tries per request (1 = no retry)
 * @param retryTimeout total time the client may spend retrying one operation
 */
public record GcsConfig(
    String keyPrefix,
    Credentials credentials,
    String keyJson,
    String keySource,
    String projectId,
    List<String> scopes,
    String endpoint,
    long singleRequestMax,
    int uploadChunkSize,
    long parallelDownloadMin,
    long downloadPartSize,
    int downloadConcurrency,
    int maxAttempts,
    Duration retryTimeout) {

  /** Where a backend's credentials come from. */
  public enum Credentials {
    /** A key given inline or as a file ({@code json}). */
    JSON,
    /** Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, GKE workload identity... */
    APPLICATION_DEFAULT,
    /** No credentials: an emulator reached over plain HTTP. */
    NONE
  }

  public static final String DEFAULT_SCOPE = "https://www.googleapis.com/auth/devstorage.full_control";
  static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/";
  private static final int UPLOAD_CHUNK_GRANULARITY = 256 * 1024;
  private static final long MIB = 1024 * 1024;

  public GcsConfig {
    scopes = List.copyOf(scopes);
  }

  /** The settings of a store opened for {@code stow}; {@code keyForErrors} names where they come from. */
  public static GcsConfig forStore(StowConfig stow, String keyForErrors, Map<String, String> env) {
    // Dialled for a gs:// reference with nothing configured: ambient credentials, as Flyte does.
    boolean ambient = keyForErrors.startsWith("storage.schemes.") && stow.config().isEmpty();
    return from(stow, keyForErrors, ambient, env);
  }

  /**
   * Reads {@code stow}'s map.
   *
   * @param keyForErrors the stow section's key ({@code storage.stow} or {@code storage.schemes.gs})
   * @param ambient true when the backend is dialled for a {@code gs://} reference without any
   *     configuration: Application Default Credentials, and {@code project_id} becomes optional
   * @param env the process environment ({@code STORAGE_EMULATOR_HOST})
   */
  public static GcsConfig from(StowConfig stow, String keyForErrors, boolean ambient, Map<String, String> env) {
    String prefix = keyForErrors + ".config";
    // Unknown keys are ignored, as stow ignores them: existing Flyte configs must keep working.
    String projectId = stow.get("project_id").trim();
    if (projectId.isEmpty() && !ambient) {
      throw new ConfigException(prefix + ".project_id",
          "missing Project ID: stow.kind google needs project_id (the project that owns the buckets)");
    }
    if (projectId.isEmpty()) {
      projectId = env.getOrDefault("GOOGLE_CLOUD_PROJECT", "").trim();
    }

    String endpoint = stow.get("endpoint").trim();
    String endpointKey = prefix + ".endpoint";
    if (endpoint.isEmpty()) {
      endpoint = env.getOrDefault("STORAGE_EMULATOR_HOST", "").trim();
      endpointKey = "STORAGE_EMULATOR_HOST";
    }
    endpoint = normaliseEndpoint(endpoint, endpointKey);

    String json = stow.get("json");
    Credentials credentials;
    String keyJson = "";
    String keySource = "";
    if (!json.isBlank()) {
      credentials = Credentials.JSON;
      String trimmed = json.trim();
      if (trimmed.startsWith("{")) {
        keyJson = trimmed;
        keySource = "inline";
      } else {
        keySource = trimmed;
        keyJson = readKeyFile(prefix + ".json", trimmed);
      }
      GcsKeys.validate(keyJson, prefix + ".json", keySource);
    } else if (endpoint.startsWith("http://")) {
      // Never send a bearer token in clear text; a plain-HTTP endpoint is an emulator.
      credentials = Credentials.NONE;
    } else {
      credentials = Credentials.APPLICATION_DEFAULT;
    }

    List<String> scopes = parseScopes(stow.get("scopes"));
    StowValues values = new StowValues(stow, prefix);

    return new GcsConfig(prefix, credentials, keyJson, keySource, projectId, scopes, endpoint,
        size(values, "single_request_upload_max", 2 * MIB, 0),
        (int) roundUp(size(values, "upload_chunk_size", 8 * MIB, 1), UPLOAD_CHUNK_GRANULARITY),
        size(values, "parallel_download_min", 64 * MIB, 1),
        size(values, "download_part_size", 32 * MIB, 1),
        values.integer("download_concurrency", 4, 1, 256),
        values.integer("max_attempts", 6, 1, 100),
        values.duration("retry_timeout", Duration.ofHours(1), "10m, 90s"));
  }

  private static long size(StowValues values, String name, long dflt, long min) {
    return values.size(name, dflt, min, Long.MAX_VALUE, "must be at least " + min + " bytes", true);
  }

  /** The same settings with another endpoint (tests). */
  public GcsConfig withEndpoint(String newEndpoint) {
    return new GcsConfig(keyPrefix, credentials, keyJson, keySource, projectId, scopes, newEndpoint,
        singleRequestMax, uploadChunkSize, parallelDownloadMin, downloadPartSize, downloadConcurrency,
        maxAttempts, retryTimeout);
  }

  @Override
  public String toString() {
    return "GcsConfig[credentials=" + credentials + (keySource.isEmpty() ? "" : " (" + redactedSource() + ")")
        + ", projectId=" + projectId + ", scopes=" + scopes + ", endpoint=" + endpoint
        + ", singleRequestMax=" + singleRequestMax + ", uploadChunkSize=" + uploadChunkSize
        + ", parallelDownloadMin=" + parallelDownloadMin + ", downloadPartSize=" + downloadPartSize
        + ", downloadConcurrency=" + downloadConcurrency + ", maxAttempts=" + maxAttempts
        + ", retryTimeout=" + retryTimeout + "]";
  }

  /** Where the key came from, safe to print. */
  String redactedSource() {
    return keySource.equals("inline") ? "inline key" : "key file " + keySource;
  }

  private static String readKeyFile(String key, String path) {
    // The value is not inline JSON; print it only when it plainly is a path, so a mangled key
    // pasted into the field is not echoed.
    boolean looksLikePath = path.startsWith("/") || path.startsWith("./") || path.startsWith("../");
    String shown = looksLikePath ? " [" + path + "]" : " (value not shown)";
    Path p;
    try {
      p = Paths.get(path);
    } catch (RuntimeException e) {
      throw new ConfigException(key, "is neither inline JSON (starting with '{') nor a file path" + shown);
    }
    if (!Files.isRegularFile(p)) {
      throw new ConfigException(key, "is neither inline JSON (starting with '{') nor an existing key file" + shown);
    }
    try {
      return Files.readString(p).trim();
    } catch (java.io.IOException | RuntimeException e) {
      throw new ConfigException(key, "cannot read the key file" + shown + ": " + e.getClass().getSimpleName());
    }
  }

  static List<String> parseScopes(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      String t = s.trim();
      if (t.isEmpty()) {
        continue;
      }
      out.add(t.contains("://") ? t : SCOPE_PREFIX + t);
    }
    if (out.isEmpty()) {
      out.add(DEFAULT_SCOPE);
    }
    return out;
  }

  private static String normaliseEndpoint(String endpoint, String key) {
    if (endpoint.isEmpty()) {
      return "";
    }
    String e = endpoint.contains("://") ? endpoint : "http://" + endpoint;
    try {
      URI u = new URI(e);
      if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new ConfigException(key, "endpoint [" + endpoint + "] is not an http(s) URL with a host");
      }
    } catch (URISyntaxException x) {
      throw new ConfigException(key, "endpoint [" + endpoint + "] is not a URL: " + x.getReason());
    }
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    return e;
  }

  private static long roundUp(long n, long granularity) {
    return Math.min(Integer.MAX_VALUE / granularity * granularity, (n + granularity - 1) / granularity * granularity);
  }
}
