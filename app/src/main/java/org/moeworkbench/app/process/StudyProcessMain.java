package org.moeworkbench.app.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.app.queue.StudyLauncher;
import org.moeworkbench.app.queue.StudyRequest;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * The child process the app trains a study in on this machine: {@code StudyProcessMain SPEC_FILE STUDY_DIR SEEDS
 * [FIELD=V1,V2 ...]} (SEEDS as for {@code moe sweep --seeds}, {@code -} for none). It trains what is left of the study
 * as {@code moe sweep} does, one run after another; the app follows it through the study folder. The line
 * {@code cancel} on standard input, or SIGTERM, stops after the current step (run the study again to continue). Exit
 * codes as {@code moe sweep}'s; the last line of standard output says how it ended.
 */
public final class StudyProcessMain {
    private StudyProcessMain() {}

    /** The arguments that train {@code request}, its spec saved in {@code specFile}. */
    static List<String> arguments(StudyRequest request, Path specFile) {
        List<String> args = new ArrayList<>();
        args.add(specFile.toString());
        args.add(request.studyDir().toAbsolutePath().toString());
        args.add(request.seeds().isEmpty() ? "-" : request.seeds());
        args.addAll(request.vary());
        return args;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 3) {
            System.err.println("usage: StudyProcessMain SPEC_FILE STUDY_DIR SEEDS|- [FIELD=V1,V2 ...]");
            System.exit(2);
        }
        ChildCancellation child = ChildCancellation.listen();
        CancellationToken cancel = child.token();
        int code;
        try {
            StudyRequest request = new StudyRequest(
                    RunSpec.read(Path.of(args[0])),
                    List.of(args).subList(3, args.length),
                    args[2].equals("-") ? "" : args[2],
                    Path.of(args[1]),
                    null);
            StudyLauncher.Outcome outcome =
                    StudyLauncher.inProcess(Runners::standard).run(request, cancel);
            System.out.println(outcome.message());
            code = outcome.exitCode();
        } catch (Exception | Error e) {
            System.out.println("refused: " + e.getMessage());
            code = 2;
        } finally {
            child.done();
        }
        System.exit(code);
    }
}
