package org.moeworkbench.sample;

/** Named object colours; each has a tag and sometimes a synonym users write instead. */
enum Palette {
    RED("red", "crimson", 205, 35, 40),
    ORANGE("orange", null, 240, 130, 30),
    YELLOW("yellow", "gold", 245, 215, 40),
    GREEN("green", null, 50, 160, 60),
    BLUE("blue", "azure", 40, 80, 210),
    PURPLE("purple", "violet", 130, 50, 170),
    PINK("pink", null, 245, 130, 180),
    WHITE("white", null, 240, 240, 240),
    BLACK("black", null, 20, 20, 25),
    BROWN("brown", null, 120, 75, 40),
    GREY("grey", "gray", 128, 128, 128),
    CYAN("cyan", "teal", 40, 200, 210);

    final String tag;
    final String synonym;
    final int r;
    final int g;
    final int b;

    Palette(String tag, String synonym, int r, int g, int b) {
        this.tag = tag;
        this.synonym = synonym;
        this.r = r;
        this.g = g;
        this.b = b;
    }
}
