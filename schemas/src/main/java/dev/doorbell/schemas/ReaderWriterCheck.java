package dev.doorbell.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Avro's reader/writer compatibility check with every incompatibility named down to the field.
 *
 * <p>Avro reports a record that became unreadable inside a union only as {@code MISSING_UNION_BRANCH} at the
 * union ({@code /fields/7/type/0}): it tries the branches and keeps no reason. A schema's author needs the
 * field, so for such a union this checks the reader's branch of the same name against the writer's branch
 * and reports what that check finds instead, e.g. {@code outcome[SledVmmState].vmm_state.gen:
 * READER_FIELD_MISSING_DEFAULT_VALUE}. Where no branch of the same name exists, Avro's own report stands.
 */
public final class ReaderWriterCheck {

    private ReaderWriterCheck() {
    }

    /** Every incompatibility that stops {@code reader} from reading data written with {@code writer}; empty when it can. */
    public static List<LocatedIncompatibility> between(Schema reader, Schema writer) {
        return locate(reader, writer, "", "");
    }

    private static List<LocatedIncompatibility> locate(Schema reader, Schema writer, String pointerPrefix, String pathPrefix) {
        List<LocatedIncompatibility> found = new ArrayList<>();
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            List<LocatedIncompatibility> inside = incompatibility.getType() == SchemaIncompatibilityType.MISSING_UNION_BRANCH
                    ? insideUnion(reader, incompatibility, pointerPrefix, pathPrefix)
                    : List.of();
            if (inside.isEmpty()) {
                found.add(new LocatedIncompatibility(join(pointerPrefix, incompatibility.getLocation()),
                        joinPath(pathPrefix, SchemaLocation.describe(reader, incompatibility.getLocation())),
                        incompatibility.getType(), incompatibility.getMessage()));
            } else {
                found.addAll(inside);
            }
        }
        return found;
    }

    /**
     * The reasons the writer's branches named at a {@code MISSING_UNION_BRANCH} cannot be read by the reader's
     * branches of the same name; empty when there is no such pair to look into.
     */
    private static List<LocatedIncompatibility> insideUnion(Schema reader, Incompatibility incompatibility,
                                                            String pointerPrefix, String pathPrefix) {
        Schema readerUnion = incompatibility.getReaderFragment();
        Schema writerFragment = incompatibility.getWriterFragment();
        if (readerUnion == null || writerFragment == null || readerUnion.getType() != Schema.Type.UNION) {
            return List.of();
        }
        String location = incompatibility.getLocation();
        String unionLocation = location;
        List<Schema> writerBranches = writerFragment.getType() == Schema.Type.UNION ? writerFragment.getTypes() : List.of(writerFragment);
        // with a writer union, Avro's pointer ends with the index of the writer's branch that no reader branch reads
        Integer writerIndex = lastIndex(location);
        if (writerFragment.getType() == Schema.Type.UNION && writerIndex != null && writerIndex < writerBranches.size()) {
            writerBranches = List.of(writerBranches.get(writerIndex));
            unionLocation = location.substring(0, location.lastIndexOf('/'));
        }
        String unionPath = joinPath(pathPrefix, SchemaLocation.describe(reader, unionLocation));
        List<LocatedIncompatibility> inside = new ArrayList<>();
        for (Schema writerBranch : writerBranches) {
            if (SchemaCompatibility.checkReaderWriterCompatibility(readerUnion, writerBranch).getType()
                    == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                continue; // a branch the reader reads is not what the union complains of
            }
            int readerIndex = sameNamedBranch(readerUnion, writerBranch);
            if (readerIndex < 0) {
                return List.of();
            }
            Schema readerBranch = readerUnion.getTypes().get(readerIndex);
            inside.addAll(locate(readerBranch, writerBranch, join(pointerPrefix, unionLocation) + "/" + readerIndex,
                    unionPath + "[" + readerBranch.getName() + "]"));
        }
        return inside;
    }

    private static int sameNamedBranch(Schema union, Schema branch) {
        List<Schema> types = union.getTypes();
        for (int i = 0; i < types.size(); i++) {
            Schema candidate = types.get(i);
            if (candidate.getType() == branch.getType() && candidate.getFullName().equals(branch.getFullName())) {
                return i;
            }
        }
        return -1;
    }

    private static Integer lastIndex(String pointer) {
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        try {
            return Integer.parseInt(last);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String join(String prefix, String pointer) {
        if (prefix.isEmpty()) {
            return pointer;
        }
        return pointer.isEmpty() || pointer.equals("/") ? prefix : prefix + pointer;
    }

    private static String joinPath(String prefix, String path) {
        if (prefix.isEmpty() || path.isEmpty()) {
            return prefix + path;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }
}
