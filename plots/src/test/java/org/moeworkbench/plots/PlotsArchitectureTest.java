package org.moeworkbench.plots;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point one way: app -> plots -> engine. */
@AnalyzeClasses(packages = "org.moeworkbench.plots", importOptions = ImportOption.DoNotIncludeTests.class)
class PlotsArchitectureTest {

    @ArchTest
    static final ArchRule plotsDoNotUseTheApp = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.moeworkbench.app..")
            .because("the app uses plots, never the other way round");

    @ArchTest
    static final ArchRule plotsDoNotUseTheCli = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.moeworkbench.cli..")
            .because("the cli module uses plots for `moe figures`, never the other way round");

    @ArchTest
    static final ArchRule plotsAreHeadless = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "org.jfree.chart.fx..", "org.jfree.fx..")
            .because("figures are drawn with JFreeChart on Java2D so `moe figures` and CI render them without a "
                    + "display or JavaFX; the interactive JavaFX node of a figure is the app's FigureNodes");
}
