package org.moeworkbench.engine;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
