package org.flyte.copilot.core.storage.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Builds the SDK clients of one store, on the JDK's HTTP client (no Netty). Two pipelines share
 * one connection pool per use: requests whose body can be sent again (metadata, listing, the block
 * list) get the SDK's retries ({@code max_attempts}); requests that carry object bytes get one try
 * each, because the transfer engine retries them itself from the source and resumes reads.
 */
final class AzureClients {
  /** Bytes of one block may take a while to send; a silent connection still fails after read_timeout. */
  private static final Duration BODY_RESPONSE_TIMEOUT = Duration.ofMinutes(10);

  private AzureClients() {}

  /** The clients of a store; {@code data} for object bytes, {@code meta} for everything else. */
  record Pair(BlobServiceClient meta, BlobServiceClient data) {}

  static Pair build(AzureConfig config) {
    Object credential = credential(config);
    HttpClient metaHttp = http(config, config.readTimeout());
    HttpClient dataHttp = http(config, BODY_RESPONSE_TIMEOUT);
    return new Pair(service(config, metaHttp, credential, config.maxAttempts()),
        service(config, dataHttp, credential, 1));
  }

  private static Object credential(AzureConfig config) {
    if (config.credentials() == AzureConfig.Credentials.SHARED_KEY) {
      return new StorageSharedKeyCredential(config.account(), config.accountKey());
    }
    // AKS workload identity (AZURE_FEDERATED_TOKEN_FILE), service principal variables, managed identity
    return new DefaultAzureCredentialBuilder().httpClient(http(config, config.readTimeout())).build();
  }

  private static HttpClient http(AzureConfig config, Duration responseTimeout) {
    // Blob storage speaks HTTP/1.1; without this the JDK client offers an h2c upgrade on http://.
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1);
    return new JdkHttpClientBuilder(jdk)
        .connectionTimeout(Duration.ofSeconds(10))
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .responseTimeout(responseTimeout)
        .build();
  }

  private static BlobServiceClient service(AzureConfig config, HttpClient http, Object credential, int tries) {
    BlobServiceClientBuilder b = new BlobServiceClientBuilder()
        .endpoint(config.endpoint().toString())
        .httpClient(http)
        .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, tries, (Duration) null,
            Duration.ofMillis(200), Duration.ofSeconds(2), null));
    if (credential instanceof StorageSharedKeyCredential key) {
      b.credential(key);
    } else {
      b.credential((TokenCredential) credential);
    }
    return b.buildClient();
  }
}
