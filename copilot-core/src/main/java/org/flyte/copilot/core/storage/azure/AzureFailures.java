package org.flyte.copilot.core.storage.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import org.flyte.copilot.core.storage.BackendFailures;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;

/**
 * Turns Azure SDK failures and error answers into copilot storage failures: one line each, naming
 * the operation, the reference and the service's reason; never the account key or a signature.
 */
final class AzureFailures {
  private AzureFailures() {}

  static RuntimeException translate(String op, DataReference ref, Throwable t, AzureConfig config) {
    Throwable e = unwrap(t);
    if (BackendFailures.isTranslated(e)) {
      return (RuntimeException) e;
    }
    if (e instanceof BlobStorageException b) {
      return fromService(op, ref, b.getStatusCode(), b.getErrorCode() == null ? "" : b.getErrorCode().toString(),
          b.getServiceMessage(), config, b);
    }
    if (e instanceof ClientAuthenticationException a) {
      return StorageException.of(op, ref, "cannot get a token: " + oneLine(a.getMessage(), config) + "; credentials: "
          + config.credentialsHint(), false, a);
    }
    if (e instanceof HttpResponseException h && h.getResponse() != null) {
      return fromService(op, ref, h.getResponse().getStatusCode(), "", h.getMessage(), config, h);
    }
    IOException io = ioCause(e);
    if (io != null) {
      return StorageException.of(op, ref, describe(io, config), BackendFailures.isTransient(io), io);
    }
    return StorageException.of(op, ref, oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), config),
        false, e);
  }

  /**
   * The failure for an error answer: {@code status}, the service's error code ({@code x-ms-error-code})
   * and message.
   */
  static RuntimeException fromService(String op, DataReference ref, int status, String code, String message,
      AzureConfig config, Throwable cause) {
    String reason = firstSentence(message, config);
    String tag = status + (code == null || code.isEmpty() ? "" : " " + code);
    if (status == 404) {
      if ("ContainerNotFound".equalsIgnoreCase(code)) {
        return new ObjectNotFoundException(op, ref, "container " + ref.container() + " does not exist in account "
            + config.account());
      }
      return new ObjectNotFoundException(op, ref);
    }
    if (status == 403 && ("AuthenticationFailed".equalsIgnoreCase(code) || "AuthorizationFailure".equalsIgnoreCase(code))) {
      // the service's text quotes the request's signature, the SDK's adds advice on logging it: neither is kept
      return StorageException.of(op, ref, "authentication failed (" + tag + "): the account " + config.account()
          + " refused the request's credentials (a wrong key, or a network rule of the account); credentials: "
          + config.credentialsHint(), false, null);
    }
    if (status == 401 || status == 403) {
      return StorageException.of(op, ref, "permission denied (" + tag + ")" + (reason.isEmpty() ? "" : ": " + reason)
          + "; credentials: " + config.credentialsHint(), false, cause);
    }
    return StorageException.of(op, ref, tag + (reason.isEmpty() ? "" : ": " + reason),
        BackendFailures.isTransientStatus(status), cause);
  }

  /** True when {@code t} is an Azure error answer with {@code status} and, if given, {@code code}. */
  static boolean isStatus(Throwable t, int status, String code) {
    return unwrap(t) instanceof BlobStorageException b && b.getStatusCode() == status
        && (code == null || (b.getErrorCode() != null && code.equalsIgnoreCase(b.getErrorCode().toString())));
  }


  static String describe(IOException io, AzureConfig config) {
    if (io instanceof UnknownHostException) {
      return "cannot resolve host " + io.getMessage() + " (account " + config.account() + ", endpoint "
          + config.endpoint() + ")";
    }
    if (io instanceof HttpTimeoutException) {
      return "timed out: " + oneLine(io.getMessage(), config);
    }
    String m = io.getMessage() == null ? io.getClass().getSimpleName() : io.getClass().getSimpleName() + ": "
        + io.getMessage();
    return oneLine(m, config);
  }

  private static IOException ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  /** The first sentence of the service's message: the rest repeats request ids and times. */
  private static String firstSentence(String message, AzureConfig config) {
    String m = oneLine(message == null ? "" : message, config);
    int requestId = m.indexOf("RequestId:");
    if (requestId >= 0) {
      m = m.substring(0, requestId).trim();
    }
    return m;
  }

  /** {@code text} on one line, without the account key should a message ever quote it. */
  static String oneLine(String text, AzureConfig config) {
    if (text == null) {
      return "";
    }
    String t = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    if (!config.accountKey().isEmpty()) {
      t = t.replace(config.accountKey(), "<redacted>");
    }
    return t.length() > 500 ? t.substring(0, 500) + "..." : t;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while (e.getCause() != null && e.getCause() != e && (e instanceof java.util.concurrent.ExecutionException
        || e instanceof java.util.concurrent.CompletionException || e instanceof java.io.UncheckedIOException
        || e.getClass().getName().startsWith("reactor.core.Exceptions"))) {
      e = e.getCause();
    }
    return e;
  }
}
