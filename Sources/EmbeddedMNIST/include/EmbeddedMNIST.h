// The target holds data only; see EmbeddedMNIST.c.
extern int lessons_embedded_mnist_target;
