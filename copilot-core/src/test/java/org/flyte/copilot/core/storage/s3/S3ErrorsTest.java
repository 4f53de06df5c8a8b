package org.flyte.copilot.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How SDK failures read once translated. */
class S3ErrorsTest {
  private static final DataReference REF = DataReference.parse("s3://bucket/dir/key.bin");
  private static final S3StoreConfig CONFIG =
      S3StoreConfig.ofAccessKey(URI.create("http://127.0.0.1:9000"), "eu-west-1", "a", "s");

  private static StorageException translate(String op, int status, String code, String message) {
    S3Exception e = (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    return S3Errors.translate(op, REF, e, CONFIG);
  }

  @Test
  void throttlingAndServerErrors_areTransient() {
    StorageException slow = translate("read", 503, "SlowDown", "Please reduce your request rate.");
    assertThat(slow.getMessage()).isEqualTo("read s3://bucket/dir/key.bin: 503 SlowDown: Please reduce your request rate.");
    assertThat(slow.isTransient()).isTrue();
    assertThat(translate("read", 500, "InternalError", "x").isTransient()).isTrue();
    assertThat(translate("read", 400, "RequestTimeout", "idle").isTransient()).isTrue();
    assertThat(translate("read", 400, "InvalidArgument", "bad").isTransient()).isFalse();
  }

  @Test
  void noSuchKey_isNotFound_noSuchBucket_namesTheBucket() {
    assertThat(translate("read", 404, "NoSuchKey", "The specified key does not exist."))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessage("read s3://bucket/dir/key.bin: does not exist");
    assertThat(translate("list", 404, "NoSuchBucket", "The specified bucket does not exist"))
        .isNotInstanceOf(ObjectNotFoundException.class)
        .hasMessage("list s3://bucket/dir/key.bin: bucket bucket does not exist");
  }

  @Test
  void forbidden_saysAccessDenied_withTheHintForReads() {
    assertThat(translate("head", 403, null, null)).hasMessage("head s3://bucket/dir/key.bin: 403 AccessDenied; "
        + "check the credentials of storage.stow and the bucket policy "
        + "(S3 also answers 403 for a missing object when listing the bucket is not allowed)");
    assertThat(translate("write", 403, "InvalidAccessKeyId", "unknown key")).hasMessage(
        "write s3://bucket/dir/key.bin: 403 AccessDenied (InvalidAccessKeyId: unknown key); "
            + "check the credentials of storage.stow and the bucket policy");
  }

  @Test
  void wrongRegion_namesTheRegionKey() {
    assertThat(translate("read", 301, "PermanentRedirect", "use the right endpoint")).hasMessage(
        "read s3://bucket/dir/key.bin: 301 PermanentRedirect: use the right endpoint; the bucket is in another "
            + "region than storage.stow.config.region (eu-west-1)");
  }

  @Test
  void clientIoFailure_isTransient() {
    StorageException e = S3Errors.translate("read", REF,
        SdkClientException.create("Unable to execute HTTP request", new java.net.ConnectException("refused")),
        CONFIG);
    assertThat(e.getMessage()).isEqualTo(
        "read s3://bucket/dir/key.bin: I/O error talking to http://127.0.0.1:9000: ConnectException refused");
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void credentialsNotReachableYet_isTransient_missingCredentials_isNot() {
    String chain = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
        + "credentialsProviders=[...]) : [EnvironmentVariableCredentialsProvider(): Access key must be specified, ";
    StorageException notReady = S3Errors.translate("open bucket", REF, SdkClientException.create(chain
        + "WebIdentityTokenCredentialsProvider(): Unable to execute HTTP request: Connect to sts.eu-west-1.amazonaws"
        + ".com:443 failed: connect timed out]"), CONFIG);
    assertThat(notReady.isTransient()).isTrue();
    assertThat(notReady.getMessage()).isEqualTo("open bucket s3://bucket/dir/key.bin: cannot fetch AWS credentials"
        + " for storage.stow: a credential endpoint (STS, the container or instance metadata service) could not be"
        + " reached or timed out; the pod's network may not be ready yet");
    StorageException missing = S3Errors.translate("open bucket", REF, SdkClientException.create(chain
        + "ProfileCredentialsProvider(): Profile file contained no credentials for profile 'default']"), CONFIG);
    assertThat(missing.isTransient()).isFalse();
    assertThat(missing.getMessage()).startsWith("open bucket s3://bucket/dir/key.bin: no AWS credentials found for");
  }
}
