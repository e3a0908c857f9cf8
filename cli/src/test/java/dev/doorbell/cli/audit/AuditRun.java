package dev.doorbell.cli.audit;

import dev.doorbell.cli.CommandLineFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One in-process run of {@code doorbell audit ...}: exit code and what it printed. */
record AuditRun(int exitCode, String out, String err) {

    static AuditRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "audit";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
        return new AuditRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "stderr:\n" + err;
    }
}
