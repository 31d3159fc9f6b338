package org.moeworkbench.engine;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point one way: app -> plots -> engine. */
@AnalyzeClasses(packages = "org.moeworkbench.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule engineKnowsNoUi = noClasses()
            .should()
            .dependOnClassesThat(resideInAnyPackage("javafx..", "java.awt..", "javax.swing..")
                    .and(not(resideInAnyPackage("java.awt.image..", "java.awt.color.."))))
            .because("the engine runs headless in the CLI and CI; UI belongs to app and plots "
                    + "(image decoding with javax.imageio needs only the headless java.awt.image / color classes)");

    @ArchTest
    static final ArchRule engineKnowsNoPlotsOrApp = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.moeworkbench.plots..", "org.moeworkbench.app..", "org.moeworkbench.cli..")
            .because("dependencies point one way: app -> plots -> engine, cli -> plots -> engine");

    @ArchTest
    static final ArchRule engineKnowsNoCommandLine = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("picocli..", "me.tongfei..")
            .because("argument parsing and console progress belong to the cli module; the engine reports through "
                    + "listener interfaces that the CLI and the app adapt");

    /**
     * The engine's packages form a pipeline, each layer using only those below it: config < data, moe < layout <
     * model < run < train < study, hardmoe < analysis, launch. Why each boundary: config is what a user writes and is
     * validated without building anything; data and moe are independent building blocks (readers; the MoE layer);
     * layout (placement, sizes, presets) is pure Java so the designer can size a model without ND4J; model builds
     * the SameDiff graphs from a layout; run stores what a training writes; train drives a model over data into a
     * run; study and hardmoe orchestrate trainings; analysis reads finished runs of every kind and is used by none;
     * launch picks the runner of a run's kind (it must see both trainings) and names the farms that train elsewhere
     * (a study's runs and a hard MoE's experts, so it sees study too), and is used by none.
     */
    @ArchTest
    static final ArchRule engineLayers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("config")
            .definedBy("..engine.config..")
            .layer("data")
            .definedBy("..engine.data..")
            .layer("moe")
            .definedBy("..engine.moe..")
            .layer("layout")
            .definedBy("..engine.layout..")
            .layer("model")
            .definedBy("..engine.model..")
            .layer("run")
            .definedBy("..engine.run..")
            .layer("train")
            .definedBy("..engine.train..")
            .layer("study")
            .definedBy("..engine.study..")
            .layer("hardmoe")
            .definedBy("..engine.hardmoe..")
            .layer("analysis")
            .definedBy("..engine.analysis..")
            .layer("launch")
            .definedBy("..engine.launch..")
            .whereLayer("analysis")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("launch")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("study")
            .mayOnlyBeAccessedByLayers("analysis", "launch")
            .whereLayer("hardmoe")
            .mayOnlyBeAccessedByLayers("analysis", "launch")
            .whereLayer("train")
            .mayOnlyBeAccessedByLayers("study", "hardmoe", "analysis", "launch")
            .whereLayer("run")
            .mayOnlyBeAccessedByLayers("train", "study", "hardmoe", "analysis", "launch")
            .whereLayer("model")
            .mayOnlyBeAccessedByLayers("run", "train", "study", "hardmoe", "analysis")
            .whereLayer("layout")
            .mayOnlyBeAccessedByLayers("model", "run", "train", "study", "hardmoe", "analysis")
            .whereLayer("moe")
            .mayOnlyBeAccessedByLayers("model", "run", "train", "study", "hardmoe", "analysis")
            .whereLayer("data")
            .mayOnlyBeAccessedByLayers("layout", "model", "run", "train", "study", "hardmoe", "analysis")
            .because("a lower layer that reached up would make the pipeline a web: config could not be validated"
                    + " without ND4J, and a change to training could break reading a config");

    @ArchTest
    static final ArchRule layoutIsPureJava = noClasses()
            .that()
            .resideInAnyPackage("..engine.layout..", "..engine.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.nd4j..", "org.bytedeco..", "smile..")
            .because("the designer sizes and validates a model as the user types, without loading native code");
}
