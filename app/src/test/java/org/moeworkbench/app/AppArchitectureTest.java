package org.moeworkbench.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** MVVM: view-models use JavaFX properties and collections only, never scene-graph classes or the views. */
@AnalyzeClasses(packages = "org.moeworkbench.app", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {

    @ArchTest
    static final ArchRule viewModelsHaveNoScene = noClasses()
            .that()
            .resideInAPackage("..app.viewmodel..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "javafx.scene..", "javafx.stage..", "org.moeworkbench.app.view..", "org.jfree.chart.fx..")
            .because("view-models are tested without a UI");

    @ArchTest
    static final ArchRule viewModelsComputeNoFigureOfTheirOwn = noClasses()
            .that()
            .resideInAPackage("..app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("smile..")
            .because("analysis lives in the engine; the app only shows it");

    @ArchTest
    static final ArchRule appDoesNotRunTheCli = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.moeworkbench.cli..", "picocli..")
            .because("the app starts trainings through the engine's runner and listener, not by parsing "
                    + "command lines; only its tests use the CLI to make runs as a user would");
}
