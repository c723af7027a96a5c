import LessonKit

extension Descent {
    public var narration: Narration {
        Narration(
            english: """
                Gradient descent looks for a minimum by walking downhill. At each step it measures the
                gradient and moves against it:

                    x ← x - lr · grad f(x)

                The learning rate lr sets the stride, and it is the choice that decides everything.
                For f = x0² + x1² each step multiplies x by (1 - 2·lr): lr = 0.1 shrinks it by a fifth
                per step and 100 steps land within 1e-8 of the minimum at (0, 0). Too large, lr = 10,
                and every step overshoots further than the last: x grows without bound until the
                difference in the gradient can no longer see h at all. Too small, lr = 1e-10, and
                after 100 steps x has hardly moved. lr is a hyperparameter: set by hand, not learned.
                The history output holds the point before each step; --plot draws it over the
                contour lines of f.
                """,
            chinese: """
                梯度下降沿着下坡方向一步步走，寻找函数的最小值。每一步先求梯度，再朝它的反方向移动：

                    x ← x - lr · grad f(x)

                学习率 lr 决定每一步迈多大，它几乎决定了一切。对 f = x0² + x1² 来说，每一步都把 x 乘以
                (1 - 2·lr)：lr = 0.1 时每步缩小五分之一，100 步后离最小值 (0, 0) 不到 1e-8。lr 太大，比如
                10，每一步都比上一步冲得更远，x 越来越大，直到梯度里的差分再也感觉不到 h。lr 太小，比如
                1e-10，走了 100 步 x 几乎没动。lr 是超参数：由人来设定，而不是学出来的。
                输出 history 记录了每一步之前的点；加上 --plot 会把路径画在 f 的等高线上。
                """)
    }
}
