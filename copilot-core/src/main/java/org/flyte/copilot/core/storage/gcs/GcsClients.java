package org.flyte.copilot.core.storage.gcs;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.flyte.copilot.core.config.ConfigException;

/** Builds the Google Cloud Storage client (JSON API over HTTP) for a {@link GcsConfig}. */
final class GcsClients {
  private static final int CONNECT_TIMEOUT_MS = 20_000;
  private static final int READ_TIMEOUT_MS = 60_000;

  private GcsClients() {}

  static Storage build(GcsConfig config) {
    HttpStorageOptions.Builder b = StorageOptions.http()
        .setCredentials(credentials(config))
        .setRetrySettings(retrySettings(config))
        // Uniform: also retry uploads without preconditions. copilot is the only writer of its
        // output keys and re-sends identical bytes, so a repeated write is harmless.
        .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
        .setTransportOptions(HttpTransportOptions.newBuilder()
            // explicit, so the App Engine transport the default factory probes for is never needed
            .setHttpTransportFactory(NetHttpTransport::new)
            .setConnectTimeout(CONNECT_TIMEOUT_MS)
            .setReadTimeout(READ_TIMEOUT_MS)
            .build());
    if (!config.projectId().isEmpty()) {
      b.setProjectId(config.projectId());
    }
    if (!config.endpoint().isEmpty()) {
      b.setHost(config.endpoint());
    }
    return b.build().getService();
  }

  /**
   * The client's own retry loop: exponential backoff with jitter from 0.5 s to 16 s. The total
   * timeout bounds the retrying of one operation; it is long because one resumable upload or one
   * download of a large object is a single operation to the client.
   */
  static RetrySettings retrySettings(GcsConfig config) {
    return ServiceOptions.getDefaultRetrySettings().toBuilder()
        .setMaxAttempts(config.maxAttempts())
        .setInitialRetryDelayDuration(Duration.ofMillis(500))
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(Duration.ofSeconds(16))
        .setTotalTimeoutDuration(config.retryTimeout())
        .setJittered(true)
        .build();
  }

  static Credentials credentials(GcsConfig config) {
    String key = config.keyPrefix() + ".json";
    switch (config.credentials()) {
      case NONE:
        return NoCredentials.getInstance();
      case JSON: {
        GoogleCredentials c;
        try {
          c = GoogleCredentials.fromStream(new ByteArrayInputStream(config.keyJson().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
          throw new ConfigException(key, "malformed service-account key: " + config.redactedSource()
              + " could not be loaded: " + GcsKeys.safeMessage(e.getMessage(), config.keyJson(), e));
        }
        return c.createScoped(config.scopes());
      }
      default: {
        GoogleCredentials c;
        try {
          c = GoogleCredentials.getApplicationDefault();
        } catch (IOException | RuntimeException e) {
          throw new ConfigException(key, "is empty, so Application Default Credentials are used, but none"
              + " were found (set GOOGLE_APPLICATION_CREDENTIALS, use GKE workload identity, or put a"
              + " service-account key in " + key + ")");
        }
        return c.createScopedRequired() ? c.createScoped(config.scopes()) : c;
      }
    }
  }
}
