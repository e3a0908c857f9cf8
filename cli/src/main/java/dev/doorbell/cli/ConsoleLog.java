package dev.doorbell.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * The console log of {@code log4j2.xml} (appender {@value #APPENDER}, on stderr): the least severe level it
 * prints can change while a command runs, without changing what loggers pass to other appenders (the files
 * of {@code up}).
 */
public final class ConsoleLog {

    static final String APPENDER = "stderr";

    private ConsoleLog() {
    }

    /** From now on the console prints only events at {@code level} or more severe; {@link Level#OFF} silences it. */
    public static void threshold(Level level) {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return; // another backend: nothing of ours to adjust
        }
        Appender console = context.getConfiguration().getAppender(APPENDER);
        if (console == null) {
            return;
        }
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(APPENDER);
        root.addAppender(console, level, null);
        context.updateLoggers();
    }
}
