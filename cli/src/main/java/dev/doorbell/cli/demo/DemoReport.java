package dev.doorbell.cli.demo;

import java.util.List;

/** What a demo run saw: its timeline and the VMMs (if any) whose database row differs from the sled. */
public record DemoReport(Timeline timeline, int vmmsChecked, List<Mismatch> mismatches) {

    public boolean passed() {
        return mismatches.isEmpty();
    }
}
