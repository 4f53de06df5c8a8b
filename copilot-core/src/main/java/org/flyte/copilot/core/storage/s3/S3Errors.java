package org.flyte.copilot.core.storage.s3;

import java.io.IOException;
import java.util.Set;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.TransientStorageException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK failures into storage exceptions whose one-line message says what went wrong. */
final class S3Errors {
  private static final Set<String> THROTTLING = Set.of(
      "SlowDown", "Throttling", "ThrottlingException", "RequestThrottled", "RequestLimitExceeded",
      "TooManyRequestsException", "RequestTimeout", "InternalError", "ServiceUnavailable");

  private static final java.util.List<String> CREDENTIAL_NETWORK_FAILURES = java.util.List.of(
      "unable to execute http request", "connect timed out", "connection refused", "read timed out",
      "unknownhostexception", "no route to host", "network is unreachable");

  private S3Errors() {}

  static StorageException translate(String operation, DataReference ref, SdkException e, S3StoreConfig config) {
    if (e instanceof AwsServiceException ase) {
      return translateService(operation, ref, ase, config);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new TransientStorageException(operation, ref, "timed out: " + e.getMessage(), e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("Unable to load credentials") && credentialEndpointUnreachable(message)) {
      return new TransientStorageException(operation, ref, "cannot fetch AWS credentials for " + config.configKey()
          + ": a credential endpoint (STS, the container or instance metadata service) could not be reached"
          + " or timed out; the pod's network may not be ready yet", e);
    }
    if (message.contains("Unable to load credentials")) {
      return new StorageException(operation, ref, "no AWS credentials found for " + config.configKey()
          + " (auth_type iam tried the environment, profile files, web identity, container and instance "
          + "credentials); provide one of them or set auth_type accesskey");
    }
    Throwable io = ioCause(e);
    if (io != null) {
      String where = config.endpoint() == null ? "S3" : config.endpoint().toString();
      return new TransientStorageException(operation, ref, "I/O error talking to " + where + ": "
          + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getClass().getSimpleName() + " "
          + io.getMessage()), e);
    }
    return new StorageException(operation, ref, message);
  }

  private static StorageException translateService(
      String operation, DataReference ref, AwsServiceException e, S3StoreConfig config) {
    int status = e.statusCode();
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String text = details == null || details.errorMessage() == null ? "" : details.errorMessage();
    String detail = code.isEmpty() ? "" : code + (text.isEmpty() ? "" : ": " + text);
    if (code.equals("NoSuchBucket")) {
      return bucketMissing(operation, ref);
    }
    if (code.equals("NoSuchKey") || (status == 404 && (code.isEmpty() || code.equals("NotFound")))) {
      return new ObjectNotFoundException(operation, ref);
    }
    if (status == 403) {
      String extra = "";
      if (!code.isEmpty() && !code.equals("AccessDenied") && !code.startsWith("403")) {
        extra = " (" + detail + ")";
      } else if (!text.isEmpty() && !text.equalsIgnoreCase("Forbidden") && !text.equalsIgnoreCase("Access Denied")) {
        extra = ": " + text;
      }
      boolean reading = operation.startsWith("read") || operation.startsWith("head");
      return new StorageException(operation, ref, "403 AccessDenied" + extra + "; check the credentials of "
          + config.configKey() + " and the bucket policy"
          + (reading ? " (S3 also answers 403 for a missing object when listing the bucket is not allowed)" : ""));
    }
    if (status == 301 || code.equals("PermanentRedirect") || code.equals("AuthorizationHeaderMalformed")
        || code.equals("IllegalLocationConstraintException")) {
      return new StorageException(operation, ref, status + " " + (detail.isEmpty() ? "wrong region" : detail)
          + "; the bucket is in another region than " + config.configKey() + ".config.region ("
          + config.region() + ")");
    }
    String line = status + (detail.isEmpty() ? "" : " " + detail);
    if (status >= 500 || status == 429 || THROTTLING.contains(code) || e.isThrottlingException()) {
      return new TransientStorageException(operation, ref, line, e);
    }
    return new StorageException(operation, ref, line);
  }

  static StorageException bucketMissing(String operation, DataReference ref) {
    return new StorageException(operation, ref, "bucket " + ref.container() + " does not exist");
  }

  /**
   * The SDK's credential chain keeps only its providers' messages, no causes: a provider that talks to
   * the network (web identity via STS, container or instance credentials) and failed to connect says so
   * in its message.
   */
  private static boolean credentialEndpointUnreachable(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return CREDENTIAL_NETWORK_FAILURES.stream().anyMatch(m::contains);
  }

  private static Throwable ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException || c instanceof java.io.UncheckedIOException) {
        return c instanceof java.io.UncheckedIOException && c.getCause() != null ? c.getCause() : c;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
