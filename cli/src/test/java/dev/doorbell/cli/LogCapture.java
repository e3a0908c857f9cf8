package dev.doorbell.cli;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged through Log4j 2 (the logging backend of every module) while it is open, with
 * stack traces, at the given logger levels; {@link #close()} restores the levels.
 */
final class LogCapture implements AutoCloseable {
    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Map<String, Level> restore = new LinkedHashMap<>();
    private final WriterAppender appender;

    private LogCapture(Map<String, Level> levels) {
        Configuration configuration = context.getConfiguration();
        appender = WriterAppender.newBuilder()
                .setName("capture-" + UUID.randomUUID())
                .setTarget(text)
                .setLayout(PatternLayout.newBuilder().withConfiguration(configuration).withPattern("%p %c [%t] %m%n%ex").build())
                .build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        levels.forEach((logger, level) -> {
            restore.put(logger, configuration.getLoggerConfig(logger).getLevel());
            Configurator.setLevel(logger, level);
        });
        context.updateLoggers();
    }

    /** Starts capturing, with {@code levels} (logger name, "" for the root, to level) in force meanwhile. */
    static LogCapture start(Map<String, Level> levels) {
        return new LogCapture(levels);
    }

    /** @return everything captured so far */
    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        restore.forEach(Configurator::setLevel);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        appender.stop();
        context.updateLoggers();
    }
}
