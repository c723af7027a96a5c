// The package's MNIST subset travels as this target's resource folder
// (`Embedded/`), which SwiftPM copies beside every binary that links it.
// The target is C, not Swift, only so that SwiftPM generates no
// Foundation-based `Bundle.module` accessor for it: that accessor would make
// every `lessons` process load Foundation at start-up. Datasets finds the
// folder itself (`KnownSet.embeddedFolder()`).
int lessons_embedded_mnist_target;
