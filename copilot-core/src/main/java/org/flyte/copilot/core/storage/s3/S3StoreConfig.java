package org.flyte.copilot.core.storage.s3;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.regex.Pattern;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.StowValues;

/**
 * The settings of one S3 backend, validated from stow {@code s3} config keys (docs/compatibility.md,
 * "Backend keys").
 * Secrets never appear in {@link #toString()} or in error messages.
 *
 * @param endpoint custom endpoint (MinIO, s3proxy...), addressed path-style; null for AWS itself
 * @param configKey the config section these settings came from, e.g. {@code storage.stow}; error
 *     messages name {@code <configKey>.config.<key>}
 * @param multipart when and how objects are uploaded in parts
 * @param checksum the checksum sent with every uploaded body for the store to verify
 * @param readTimeout how long a connection may stay silent before the request fails (and is retried)
 */
public record S3StoreConfig(
    AuthType authType,
    String accessKeyId,
    String secretKey,
    String sessionToken,
    String region,
    URI endpoint,
    String configKey,
    Multipart multipart,
    S3Checksums checksum,
    java.time.Duration readTimeout) {
  /** The AWS SDK's own default. */
  public static final java.time.Duration DEFAULT_READ_TIMEOUT = java.time.Duration.ofSeconds(30);

  public S3StoreConfig(AuthType authType, String accessKeyId, String secretKey, String sessionToken, String region,
      URI endpoint, String configKey, Multipart multipart) {
    this(authType, accessKeyId, secretKey, sessionToken, region, endpoint, configKey, multipart, S3Checksums.CRC32C,
        DEFAULT_READ_TIMEOUT);
  }

  /** How the backend finds its credentials. */
  public enum AuthType {
    /** Static keys from the config ({@code access_key_id}, {@code secret_key}, optional {@code token}). */
    ACCESSKEY,
    /** The AWS default chain: environment, profile, web identity (IRSA), container/pod identity, IMDS. */
    IAM
  }

  /**
   * Multipart uploads: objects of {@code threshold} bytes or more are sent as parts of {@code
   * partSize} bytes (raised for very large objects so that there are at most 10,000 parts), {@code
   * concurrency} parts at a time per object.
   */
  public record Multipart(long threshold, long partSize, int concurrency) {
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long MAX_PART_SIZE = 5L << 30;
    public static final int MAX_CONCURRENCY = 64;
    public static final Multipart DEFAULT = new Multipart(64L << 20, 16L << 20, 4);

    public Multipart {
      if (threshold < MIN_PART_SIZE || threshold > MAX_PART_SIZE) {
        throw new IllegalArgumentException("multipart threshold must be from 5MiB to 5GiB, was " + threshold);
      }
      if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
        throw new IllegalArgumentException("multipart part size must be from 5MiB to 5GiB, was " + partSize);
      }
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new IllegalArgumentException("multipart concurrency must be from 1 to " + MAX_CONCURRENCY
            + ", was " + concurrency);
      }
    }
  }

  public static final String DEFAULT_REGION = "us-east-1";
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public S3StoreConfig {
    accessKeyId = accessKeyId == null ? "" : accessKeyId;
    secretKey = secretKey == null ? "" : secretKey;
    sessionToken = sessionToken == null ? "" : sessionToken;
    region = region == null || region.isEmpty() ? DEFAULT_REGION : region;
    configKey = configKey == null ? "storage.stow" : configKey;
    multipart = multipart == null ? Multipart.DEFAULT : multipart;
  }

  /** Settings with the default multipart behaviour. */
  public S3StoreConfig(AuthType authType, String accessKeyId, String secretKey, String sessionToken, String region,
      URI endpoint, String configKey) {
    this(authType, accessKeyId, secretKey, sessionToken, region, endpoint, configKey, Multipart.DEFAULT);
  }

  /** A copy with other multipart settings. */
  public S3StoreConfig withMultipart(Multipart m) {
    return new S3StoreConfig(authType, accessKeyId, secretKey, sessionToken, region, endpoint, configKey, m, checksum,
        readTimeout);
  }

  /** A copy with another upload checksum. */
  public S3StoreConfig withChecksum(S3Checksums c) {
    return new S3StoreConfig(authType, accessKeyId, secretKey, sessionToken, region, endpoint, configKey, multipart, c,
        readTimeout);
  }

  /**
   * Reads and checks the stow keys {@code auth_type}, {@code access_key_id}, {@code secret_key},
   * {@code secret_key_path}, {@code token}, {@code region}, {@code endpoint}, {@code disable_ssl}
   * ({@code v2_signing} is accepted and ignored: the SDK always signs with SigV4), and the copilot-only
   * {@code multipart_threshold}, {@code multipart_part_size} (sizes: bytes or a number with
   * KiB/MiB/GiB/KB/MB/GB), {@code multipart_concurrency}, {@code upload_checksum} ({@code crc32c},
   * {@code md5} or {@code none}) and {@code read_timeout} (Go duration). Touches no network.
   *
   * @throws ConfigException naming the offending key
   */
  public static S3StoreConfig fromStow(StowConfig stow, String configKey) {
    String section = configKey + ".config.";
    String auth = stow.get("auth_type").trim().toLowerCase(Locale.ROOT);
    AuthType authType;
    switch (auth) {
      case "", "accesskey" -> authType = AuthType.ACCESSKEY;
      case "iam" -> authType = AuthType.IAM;
      default -> throw new ConfigException(section + "auth_type",
          "invalid auth_type [" + stow.get("auth_type") + "]; allowed: accesskey, iam");
    }

    String secret = stow.get("secret_key");
    String secretPath = stow.get("secret_key_path");
    if (!secretPath.isEmpty()) {
      secret = readSecretFile(section + "secret_key_path", secretPath);
    }
    String accessKey = stow.get("access_key_id");
    if (authType == AuthType.ACCESSKEY) {
      if (accessKey.isEmpty()) {
        throw new ConfigException(section + "access_key_id",
            "missing Access Key ID (auth_type accesskey needs access_key_id and secret_key; "
                + "use auth_type iam for the AWS default credential chain)");
      }
      if (secret.isEmpty()) {
        throw new ConfigException(secretPath.isEmpty() ? section + "secret_key" : section + "secret_key_path",
            secretPath.isEmpty() ? "missing Secret Key (auth_type accesskey needs access_key_id and secret_key)"
                : "missing Secret Key: the file " + secretPath + " is empty");
      }
    }

    String region = stow.get("region").trim();
    if (!region.isEmpty() && !REGION.matcher(region).matches()) {
      throw new ConfigException(section + "region",
          "invalid region [" + region + "]; expected a region name such as us-east-1");
    }
    boolean disableSsl = stow.get("disable_ssl").trim().equalsIgnoreCase("true");
    URI endpoint = parseEndpoint(section + "endpoint", stow.get("endpoint").trim(), disableSsl);
    StowValues values = new StowValues(stow, configKey + ".config");
    Multipart multipart = new Multipart(
        size(values, "multipart_threshold", Multipart.DEFAULT.threshold(), "S3 takes at most 5GiB in one PUT"),
        size(values, "multipart_part_size", Multipart.DEFAULT.partSize(), "S3's limits for a part"),
        values.integer("multipart_concurrency", Multipart.DEFAULT.concurrency(), 1, Multipart.MAX_CONCURRENCY));
    S3Checksums checksum;
    try {
      checksum = stow.get("upload_checksum").isBlank() ? S3Checksums.CRC32C : S3Checksums.parse(stow.get("upload_checksum"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(section + "upload_checksum", "invalid upload_checksum [" + stow.get("upload_checksum")
          + "]; allowed: crc32c (x-amz-checksum-crc32c, the default), md5 (Content-MD5), none");
    }
    java.time.Duration readTimeout = DEFAULT_READ_TIMEOUT;
    if (!stow.get("read_timeout").isBlank()) {
      try {
        readTimeout = org.flyte.copilot.core.literal.text.GoDurations.parse(stow.get("read_timeout").trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(section + "read_timeout", "invalid read_timeout [" + stow.get("read_timeout")
            + "]; expected a Go duration such as 30s: " + e.getMessage());
      }
      if (readTimeout.isNegative() || readTimeout.isZero()) {
        throw new ConfigException(section + "read_timeout", "read_timeout must be positive, was " + stow.get("read_timeout"));
      }
    }
    return new S3StoreConfig(authType, accessKey, secret, stow.get("token"), region, endpoint, configKey, multipart,
        checksum, readTimeout);
  }

  private static long size(StowValues values, String name, long dflt, String why) {
    return values.size(name, dflt, Multipart.MIN_PART_SIZE, Multipart.MAX_PART_SIZE,
        "must be from 5MiB to 5GiB (" + why + ")");
  }

  /** Static credentials for tests and tools: access key auth against {@code endpoint}. */
  public static S3StoreConfig ofAccessKey(URI endpoint, String region, String accessKeyId, String secretKey) {
    return new S3StoreConfig(AuthType.ACCESSKEY, accessKeyId, secretKey, "", region, endpoint, "storage.stow");
  }

  private static String readSecretFile(String key, String path) {
    try {
      Path p = Paths.get(path);
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new ConfigException(key, "secret key path does not exist: " + path);
    } catch (IOException | java.nio.file.InvalidPathException e) {
      // the exception text names the path and the OS reason, never the content
      throw new ConfigException(key, "cannot read the secret key file " + path + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  private static URI parseEndpoint(String key, String endpoint, boolean disableSsl) {
    if (endpoint.isEmpty()) {
      return null;
    }
    // aws-sdk-go (used by Flyte) adds the scheme from disable_ssl when the endpoint has none
    String withScheme = endpoint.contains("://") ? endpoint : (disableSsl ? "http://" : "https://") + endpoint;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new ConfigException(key, "invalid endpoint [" + endpoint + "]: " + e.getReason()
          + "; expected a URL such as http://minio:9000");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new ConfigException(key, "invalid endpoint [" + endpoint + "]; expected a URL such as http://minio:9000");
    }
    return uri;
  }

  @Override
  public String toString() {
    return "S3StoreConfig[authType=" + authType + ", accessKeyId=" + (accessKeyId.isEmpty() ? "" : "<set>")
        + ", secretKey=" + (secretKey.isEmpty() ? "" : "<redacted>") + ", sessionToken="
        + (sessionToken.isEmpty() ? "" : "<redacted>") + ", region=" + region + ", endpoint=" + endpoint
        + ", configKey=" + configKey + ", multipart=" + multipart + ", checksum=" + checksum + ", readTimeout=" + readTimeout + "]";
  }
}
