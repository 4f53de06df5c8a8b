package org.flyte.copilot.core.storage.azure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.StowValues;

/**
 * The settings of one Azure Blob Storage backend, read from Flyte's {@code stow.kind: azure} map
 * (docs/compatibility.md, "Backend keys") plus copilot's endpoint override and tuning keys. Touches no
 * network and no SDK
 * class. The account key never appears in {@link #toString()} or in a message.
 *
 * @param keyPrefix the key the map lives under ({@code storage.stow.config}), for messages
 * @param account the storage account
 * @param accountKey the shared key (base64); empty: {@code DefaultAzureCredential}
 * @param endpoint the blob service URL ({@code https://<account>.blob.<domain_suffix>} unless overridden)
 * @param uploadConcurrency blocks in flight per upload made outside the transfer engine
 * @param blockThreshold objects of this size or more are uploaded as staged blocks
 * @param blockSize the size of one block (raised so that an object has at most 50,000)
 * @param readTimeout how long a connection may stay silent before a request fails
 * @param maxAttempts the SDK's tries for requests without a body to resend (metadata, listing)
 */
public record AzureConfig(String keyPrefix, String account, String accountKey, URI endpoint,
    int uploadConcurrency, long blockThreshold, long blockSize, Duration readTimeout, int maxAttempts) {

  /** How requests are authorised. */
  public enum Credentials {
    /** The account's shared key ({@code key}). */
    SHARED_KEY,
    /** {@code DefaultAzureCredential}: environment, AKS workload identity, managed identity, CLI logins. */
    DEFAULT_CHAIN
  }

  public static final String DEFAULT_DOMAIN_SUFFIX = "core.windows.net";
  /** Keys of the old stow azure backend that Flyte's current one rejects. */
  static final List<String> REMOVED_KEYS = List.of("use_https", "api_version");
  static final long MIB = 1L << 20;
  /** Put Blob takes at most 5000 MiB; a block at most 4000 MiB; a blob at most 50,000 blocks. */
  static final long MAX_SINGLE_UPLOAD = 5000 * MIB;
  static final long MAX_BLOCK_SIZE = 4000 * MIB;
  static final int MAX_BLOCKS = 50_000;
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

  public Credentials credentials() {
    return accountKey.isEmpty() ? Credentials.DEFAULT_CHAIN : Credentials.SHARED_KEY;
  }

  /**
   * The settings of a store opened for {@code stow}.
   *
   * @param keyForErrors {@code storage.stow} or {@code storage.schemes.abfs}
   * @param env the process environment: {@code AZURE_STORAGE_ACCOUNT} names the account when an
   *     {@code abfs://} reference is dialled without any configuration
   */
  public static AzureConfig forStore(StowConfig stow, String keyForErrors, Map<String, String> env) {
    String prefix = keyForErrors + ".config";
    StowValues values = new StowValues(stow, prefix);
    List<String> removed = REMOVED_KEYS.stream().filter(stow.config()::containsKey).toList();
    if (!removed.isEmpty()) {
      throw new ConfigException(values.key(removed.get(0)), "removed key" + (removed.size() > 1 ? "s " : " ")
          + String.join(" and ", removed) + " (the azure backend no longer accepts use_https or api_version; "
          + "delete them: the service is reached over https unless an endpoint says otherwise)");
    }
    boolean ambient = keyForErrors.startsWith("storage.schemes.") && stow.config().isEmpty();
    String account = stow.get("account").trim();
    if (account.isEmpty() && ambient) {
      account = env.getOrDefault("AZURE_STORAGE_ACCOUNT", "").trim();
    }
    if (account.isEmpty()) {
      throw new ConfigException(values.key("account"), "missing account id: stow.kind azure needs account "
          + "(the storage account" + (ambient ? "; or set AZURE_STORAGE_ACCOUNT" : "") + ")");
    }
    if (!ACCOUNT.matcher(account).matches()) {
      throw new ConfigException(values.key("account"), "[" + account
          + "] is not a storage account name (3 to 24 lowercase letters and digits)");
    }
    String key = stow.get("key").trim();
    if (!key.isEmpty()) {
      try {
        Base64.getDecoder().decode(key);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(values.key("key"), "is not a base64 account key (value not shown)");
      }
    }
    String suffix = stow.get("domain_suffix").trim();
    if (suffix.isEmpty()) {
      suffix = stow.get("base_url").trim(); // stow's older name for it
    }
    suffix = suffix.isEmpty() ? DEFAULT_DOMAIN_SUFFIX : suffix;
    URI endpoint = endpoint(values, stow.get("endpoint").trim(), account, suffix);
    if (key.isEmpty() && endpoint.getScheme().equals("http")) {
      throw new ConfigException(values.key("key"), "is needed with the plain-http endpoint " + endpoint
          + " (tokens from DefaultAzureCredential are only sent over https)");
    }
    long blockThreshold = values.size("block_threshold", 64 * MIB, 1, MAX_SINGLE_UPLOAD);
    long blockSize = values.size("block_size", 16 * MIB, MIB, MAX_BLOCK_SIZE);
    return new AzureConfig(prefix, account, key, endpoint,
        values.integer("upload_concurrency", 4, 1, 64), blockThreshold, blockSize,
        values.duration("read_timeout", Duration.ofSeconds(30)),
        values.integer("max_attempts", 3, 1, 10));
  }

  private static URI endpoint(StowValues values, String value, String account, String suffix) {
    String url = value.isEmpty() ? "https://" + account + ".blob." + suffix : value;
    String key = value.isEmpty() ? values.key("domain_suffix") : values.key("endpoint");
    URI u;
    try {
      u = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (URISyntaxException e) {
      throw new ConfigException(key, "[" + url + "] is not a URL: " + e.getReason());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new ConfigException(key, "[" + url + "] is not an http(s) URL with a host (e.g. "
          + (value.isEmpty() ? "core.windows.net" : "http://127.0.0.1:10000/devstoreaccount1") + ")");
    }
    return u;
  }

  /** Bytes per block for an object of {@code size} bytes: the configured size, raised to fit 50,000 blocks. */
  public long blockSizeFor(long size) {
    long least = (size + MAX_BLOCKS - 1) / MAX_BLOCKS;
    return Math.max(blockSize, (least + MIB - 1) / MIB * MIB);
  }

  /** Where the credentials come from, safe to print. */
  public String credentialsHint() {
    return credentials() == Credentials.SHARED_KEY
        ? "the shared key of account " + account + " from " + keyPrefix + ".key"
        : "DefaultAzureCredential (" + keyPrefix + ".key is empty: AZURE_CLIENT_ID/AZURE_TENANT_ID with "
            + "AZURE_FEDERATED_TOKEN_FILE or AZURE_CLIENT_SECRET, or a managed identity)";
  }

  @Override
  public String toString() {
    return "AzureConfig[account=" + account + ", credentials=" + credentials() + ", endpoint=" + endpoint
        + ", uploadConcurrency=" + uploadConcurrency + ", blockThreshold=" + blockThreshold + ", blockSize="
        + blockSize + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + "]";
  }
}
