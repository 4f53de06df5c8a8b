package org.flyte.copilot.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.flyte.copilot.core.config.LoggerConfig;
import org.flyte.copilot.core.storage.DataReference;

/** Routes the JDK platform loggers used by the core to stderr, one line per record. */
final class Logging {
  private Logging() {}

  static void configure(LoggerConfig cfg, PrintWriter err) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Level level = cfg.mute() ? Level.OFF : levelOf(cfg.level());
    Handler h = new Handler() {
      private final Formatter f = new LineFormatter();

      @Override
      public void publish(LogRecord r) {
        if (isLoggable(r)) {
          err.print(f.format(r));
          err.flush();
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {}
    };
    h.setLevel(level);
    root.addHandler(h);
    root.setLevel(level);
    // The SDKs log through slf4j-nop; keep their JUL loggers quiet below warnings too.
    Logger.getLogger("software.amazon").setLevel(Level.WARNING);
    Logger.getLogger("com.google").setLevel(Level.WARNING);
  }

  /** logrus numbering: 0 panic, 1 fatal, 2 error, 3 warning, 4 info, 5 debug, 6 trace. */
  static Level levelOf(int logrus) {
    return switch (logrus) {
      case 0, 1, 2 -> Level.SEVERE;
      case 3 -> Level.WARNING;
      case 4 -> Level.INFO;
      case 5 -> Level.FINE;
      default -> logrus > 5 ? Level.FINEST : Level.INFO;
    };
  }

  private static final class LineFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
      String lvl = switch (r.getLevel().getName()) {
        case "SEVERE" -> "error";
        case "WARNING" -> "warning";
        case "INFO" -> "info";
        default -> "debug";
      };
      String msg = DataReference.redactText(formatMessage(r));
      StringBuilder b = new StringBuilder()
          .append(Instant.ofEpochMilli(r.getMillis())).append(' ').append(lvl).append(' ').append(msg);
      if (r.getThrown() != null && r.getLevel().intValue() < Level.INFO.intValue()) {
        b.append(" (").append(r.getThrown()).append(')');
      }
      return b.append(System.lineSeparator()).toString();
    }
  }

}
