import LessonKit

extension Gradient {
    public var narration: Narration {
        Narration(
            english: """
                For a function of several variables, the gradient collects one partial derivative per
                variable into a vector. Each partial is the slope along one axis, with every other
                coordinate held still, so the gradient is a loop: for each i, nudge x[i] up and down
                by h, take the central difference, and put x[i] back.

                    grad[i] = (f(..., x[i] + h, ...) - f(..., x[i] - h, ...)) / (2h)

                The gradient points in the direction in which f rises fastest, and its length says how
                steep that rise is; the negative gradient points downhill, which is what the next
                lesson follows. Run with --plot to see the field of downhill arrows around the point.
                A trap in NumPy: np.array([3, 4, 5]) holds integers, so writing 3 + 1e-4 back into it
                stores 3 and the loop measures nothing. The point must be float: [3.0, 4.0, 5.0].
                """,
            chinese: """
                对多元函数来说，梯度就是把每个变量的偏导数排成一个向量。每个偏导数都是沿某一条坐标轴
                的斜率，其他坐标保持不动，所以求梯度就是一个循环：对每个 i，把 x[i] 分别加减 h，算中心
                差分，再把 x[i] 恢复原值。

                    grad[i] = (f(..., x[i] + h, ...) - f(..., x[i] - h, ...)) / (2h)

                梯度指向 f 增长最快的方向，它的长度表示上升有多陡；负梯度则指向下坡，下一课的梯度下降
                正是沿着它走。加上 --plot 可以看到该点周围一片指向下坡的箭头。
                NumPy 里有个陷阱：np.array([3, 4, 5]) 存的是整数，把 3 + 1e-4 写回去会变成 3，循环就
                什么也量不到。所以输入的点必须是浮点数：[3.0, 4.0, 5.0]。
                """)
    }
}
