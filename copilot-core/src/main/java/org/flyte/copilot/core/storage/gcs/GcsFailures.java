package org.flyte.copilot.core.storage.gcs;

import com.google.cloud.BaseServiceException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.flyte.copilot.core.storage.BackendFailures;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;

/** Turns Google client failures into copilot storage failures with one-line, secret-free messages. */
final class GcsFailures {
  private GcsFailures() {}


  static RuntimeException translate(String op, DataReference ref, Throwable t, GcsConfig config) {
    Throwable e = unwrap(t);
    if (BackendFailures.isTranslated(e)) {
      return (RuntimeException) e;
    }
    if (e instanceof BaseServiceException se) {
      return fromService(op, ref, se, config);
    }
    if (e instanceof IOException io) {
      return StorageException.of(op, ref, describeIo(io, config), BackendFailures.isTransient(io), null);
    }
    return StorageException.of(op, ref, safe(e, config), false, null);
  }

  private static RuntimeException fromService(String op, DataReference ref, BaseServiceException se,
      GcsConfig config) {
    int code = se.getCode();
    String server = serverMessage(se, config);
    switch (code) {
      case 404:
        if (server.toLowerCase(Locale.ROOT).contains("bucket")) {
          return new ObjectNotFoundException(op, ref, "bucket " + ref.container() + " does not exist");
        }
        return new ObjectNotFoundException(op, ref);
      case 401:
        return StorageException.of(op, ref, "not authenticated (401): " + server + "; credentials: "
            + credentialsHint(config), false, se);
      case 403:
        return StorageException.of(op, ref, "permission denied (403): " + server + "; credentials: "
            + credentialsHint(config), false, se);
      case 412:
        return StorageException.of(op, ref, "the object changed while it was being read (412 "
            + "precondition failed)", true, null);
      case 0: {
        Throwable cause = se.getCause();
        if (cause instanceof IOException io) {
          String auth = looksLikeAuth(server) ? " (credentials: " + credentialsHint(config) + ")" : "";
          return StorageException.of(op, ref, describeIo(io, config) + auth,
              se.isRetryable() || BackendFailures.isTransient(io), null);
        }
        return StorageException.of(op, ref, server, se.isRetryable(), null);
      }
      default: {
        String reason = se.getReason() == null || se.getReason().isEmpty() ? "" : " " + se.getReason();
        return StorageException.of(op, ref, code + reason + ": " + server,
            BackendFailures.isTransientStatus(code) || se.isRetryable(), se);
      }
    }
  }

  private static boolean looksLikeAuth(String m) {
    String l = m.toLowerCase(Locale.ROOT);
    return l.contains("token") || l.contains("credential") || l.contains("invalid_grant");
  }

  static String credentialsHint(GcsConfig config) {
    return switch (config.credentials()) {
      case JSON -> config.redactedSource() + " from " + config.keyPrefix() + ".json";
      case APPLICATION_DEFAULT -> "Application Default Credentials (" + config.keyPrefix()
          + ".json is empty: GOOGLE_APPLICATION_CREDENTIALS or GKE workload identity)";
      case NONE -> "none (plain-HTTP endpoint " + config.endpoint() + ")";
    };
  }

  private static String describeIo(IOException io, GcsConfig config) {
    if (io instanceof UnknownHostException) {
      return "cannot resolve host " + io.getMessage();
    }
    if (io instanceof SocketTimeoutException) {
      return "timed out: " + safe(io, config);
    }
    return safe(io, config);
  }

  private static String serverMessage(BaseServiceException se, GcsConfig config) {
    return safe(se, config);
  }

  /** The exception's message on one line, with any key material removed. */
  static String safe(Throwable t, GcsConfig config) {
    String m = t.getMessage();
    if ((m == null || m.isBlank()) && t.getCause() != null) {
      m = t.getCause().getMessage();
    }
    return GcsKeys.safeMessage(m, config.keyJson().isEmpty() ? "{}" : config.keyJson(), t);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof java.util.concurrent.ExecutionException
        || e instanceof java.util.concurrent.CompletionException
        || e instanceof java.io.UncheckedIOException
        || (e instanceof IOException && (e.getCause() instanceof BaseServiceException
            || e.getCause() instanceof StorageException))) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
