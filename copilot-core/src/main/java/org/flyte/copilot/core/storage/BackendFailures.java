package org.flyte.copilot.core.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.flyte.copilot.core.config.ConfigException;

/** What the cloud backends agree on when they turn an SDK's failure into a storage failure. */
public final class BackendFailures {
  private BackendFailures() {}

  /**
   * True when {@code e} is already a copilot failure (thrown by copilot code the SDK called back, or
   * by a settings check on first use): it is passed on as it is.
   */
  public static boolean isTranslated(Throwable e) {
    return e instanceof StorageException || e instanceof ConfigException;
  }

  /** True for the answers worth retrying: request timeout, throttling and server errors. */
  public static boolean isTransientStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * True for I/O failures worth retrying: all but an unknown host and an interruption (a socket
   * timeout is an interruption class, but a transient one).
   */
  public static boolean isTransient(IOException io) {
    return !(io instanceof UnknownHostException)
        && !(io instanceof InterruptedIOException && !(io instanceof SocketTimeoutException));
  }
}
