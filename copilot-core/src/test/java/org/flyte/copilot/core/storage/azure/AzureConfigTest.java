package org.flyte.copilot.core.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.junit.jupiter.api.Test;

class AzureConfigTest {
  private static final String KEY = "c2VjcmV0LWtleS1ieXRlcw==";

  private static AzureConfig parse(Map<String, String> c) {
    return AzureConfig.forStore(new StowConfig("azure", c), "storage.stow", Map.of());
  }

  @Test
  void flyteKeys_withDefaults() {
    AzureConfig c = parse(Map.of("account", "myacct", "key", KEY));

    assertThat(c.credentials()).isEqualTo(AzureConfig.Credentials.SHARED_KEY);
    assertThat(c.endpoint()).hasToString("https://myacct.blob.core.windows.net");
    assertThat(c.uploadConcurrency()).isEqualTo(4);
    assertThat(c.blockThreshold()).isEqualTo(64L << 20);
    assertThat(c.blockSize()).isEqualTo(16L << 20);
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.toString()).doesNotContain(KEY);
  }

  @Test
  void noKey_meansDefaultAzureCredential_andDomainSuffixPicksTheCloud() {
    AzureConfig c = parse(Map.of("account", "gov1", "domain_suffix", "core.usgovcloudapi.net", "upload_concurrency", "8"));

    assertThat(c.credentials()).isEqualTo(AzureConfig.Credentials.DEFAULT_CHAIN);
    assertThat(c.endpoint()).hasToString("https://gov1.blob.core.usgovcloudapi.net");
    assertThat(c.uploadConcurrency()).isEqualTo(8);
    assertThat(parse(Map.of("account", "cn1", "base_url", "core.chinacloudapi.cn")).endpoint())
        .hasToString("https://cn1.blob.core.chinacloudapi.cn");
  }

  @Test
  void removedKeys_areRejected_inOneLineNamingThem() {
    assertThatThrownBy(() -> parse(Map.of("account", "a1b", "use_https", "true", "api_version", "2018-03-28")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage.stow.config.use_https: removed keys use_https and api_version (")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> parse(Map.of("account", "a1b", "api_version", "")))
        .hasMessageStartingWith("storage.stow.config.api_version: removed key api_version (");
  }

  @Test
  void missingAccount_isNamed_andAmbientTakesTheEnvironment() {
    assertThatThrownBy(() -> parse(Map.of("key", KEY)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("storage.stow.config.account: missing account id: stow.kind azure needs account (the storage account)");
    AzureConfig ambient = AzureConfig.forStore(new StowConfig("azure", Map.of()), "storage.schemes.abfs",
        Map.of("AZURE_STORAGE_ACCOUNT", "envacct"));
    assertThat(ambient.account()).isEqualTo("envacct");
    assertThat(ambient.credentials()).isEqualTo(AzureConfig.Credentials.DEFAULT_CHAIN);
  }

  @Test
  void badKey_isNeverEchoed() {
    String secret = "not base64 but secret!";
    assertThatThrownBy(() -> parse(Map.of("account", "acct1", "key", secret)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("storage.stow.config.key: is not a base64 account key (value not shown)");
  }

  @Test
  void endpointOverride_forEmulators_needsAKeyOverPlainHttp() {
    AzureConfig c = parse(Map.of("account", "devstoreaccount1", "key", KEY,
        "endpoint", "http://127.0.0.1:10000/devstoreaccount1/"));
    assertThat(c.endpoint()).hasToString("http://127.0.0.1:10000/devstoreaccount1");

    assertThatThrownBy(() -> parse(Map.of("account", "devstoreaccount1", "endpoint", "http://127.0.0.1:10000/x")))
        .hasMessageStartingWith("storage.stow.config.key: is needed with the plain-http endpoint");
    assertThatThrownBy(() -> parse(Map.of("account", "acct1", "endpoint", "ftp://x")))
        .hasMessageStartingWith("storage.stow.config.endpoint: [ftp://x] is not an http(s) URL with a host");
  }

  @Test
  void tuningKeys_areChecked() {
    assertThat(parse(Map.of("account", "acct1", "block_size", "8MiB", "block_threshold", "32MiB",
        "read_timeout", "1m", "max_attempts", "1")))
        .satisfies(c -> {
          assertThat(c.blockSize()).isEqualTo(8L << 20);
          assertThat(c.blockThreshold()).isEqualTo(32L << 20);
          assertThat(c.readTimeout()).isEqualTo(Duration.ofMinutes(1));
          assertThat(c.maxAttempts()).isEqualTo(1);
        });
    assertThatThrownBy(() -> parse(Map.of("account", "acct1", "block_size", "5GiB")))
        .hasMessageStartingWith("storage.stow.config.block_size: [5GiB] must be from");
    assertThatThrownBy(() -> parse(Map.of("account", "acct1", "upload_concurrency", "zero")))
        .hasMessage("storage.stow.config.upload_concurrency: [zero] must be a whole number from 1 to 64");
  }

  @Test
  void blockSize_growsSoThatABlobHasAtMost50000Blocks() {
    AzureConfig c = parse(Map.of("account", "acct1"));
    assertThat(c.blockSizeFor(1L << 30)).isEqualTo(16L << 20);
    long huge = 50_000L * (16L << 20) + 1;
    assertThat(c.blockSizeFor(huge)).isEqualTo(17L << 20);
  }
}
