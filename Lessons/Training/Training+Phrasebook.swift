import LessonKit

extension Training {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "The book's own run (unseeded) ended at train accuracy 0.94705 and test accuracy 0.9465; this one at test accuracy {0}.":
            "书中自己的运行（未设种子）结束时训练准确率 0.94705，测试准确率 0.9465；本次测试准确率为 {0}。",
        "Fashion-MNIST's clothes are harder to tell apart than digits: with the book's settings this net's test accuracy levels off near 0.85 (this run: {0}), where MNIST reaches about 0.95.":
            "Fashion-MNIST 的衣物比数字更难区分：按书中的设置，这个网络的测试准确率停在 0.85 左右（本次：{0}），而 MNIST 能到 0.95 左右。",
        "The book learns from all 60 000 MNIST images: 600 iterations an epoch, 17 epoch checks in 10 000 iterations. The 4 000 embedded images make an epoch {0} iterations, so this run made {1} checks and saw each image about {2} times.{3}":
            "书中用全部 60 000 张 MNIST 图像学习：每个 epoch 600 次迭代，10 000 次迭代共 17 次检查。内置的 4 000 张图像每个 epoch 只有 {0} 次迭代，所以这次运行检查了 {1} 次，每张图像平均被看了约 {2} 遍。{3}",
        " That is where the train/test gap of {0} comes from; the book's figure, on 60 000 images, shows none.":
            "训练与测试之间 {0} 的差距就是这样来的；书中用 60 000 张图像画出的图里没有这个差距。",
        "This run trains chapter 5's layered network (Affine, Relu, Affine, SoftmaxWithLoss), its gradient by backprop through the layers; its train_acc and test_acc per epoch are the pairs the book's ch05/train_neuralnet.py prints.":
            "这次训练的是第 5 章的分层网络（Affine、Relu、Affine、SoftmaxWithLoss），梯度由逐层反向传播求得；每个 epoch 的 train_acc 和 test_acc 就是书中 ch05/train_neuralnet.py 打印的那两个数。",
        "; test accuracy keeps up with training accuracy, so what the net learned holds for images it never saw.":
            "；测试准确率跟得上训练准确率，网络学到的东西对没见过的图像同样成立。",
        "; the gap of {0} is what the net learned about its own images and not about others.":
            "；两者相差 {0}，这是网络只对自己见过的图像学到的部分。",
        ". The net learned little: test accuracy is above chance level (1/10 = 0.1), but a net that learns gets most images right.":
            "。网络学到的很少：测试准确率高于随机水平（1/10 = 0.1），但真正学会的网络能认对大多数图像。",
        ". The net did not learn: test accuracy at chance level, 1/10 = 0.1, is what guessing one class for every image gets.":
            "。网络没有学到东西：测试准确率处在随机水平 1/10 = 0.1，也就是对每张图都猜同一类的结果。",
        "After {0} epoch check{1}: training accuracy {2}, test accuracy {3}":
            "经过 {0} 次 epoch 检查：训练准确率 {2}，测试准确率 {3}",
        "The loss stayed near {0}. {1} step{2} at learning rate {3} moved the net too little; a larger rate or more steps get further, as lr = 1e-10 barely moves x in the descent lesson.":
            "损失停在 {0} 附近。学习率 {3} 走 {1} 步，网络移动得太少；更大的学习率或更多的步数能走得更远，就像梯度下降一课里 lr = 1e-10 时 x 几乎不动。",
        "The steps overshoot: a step took the batch loss to {0}, far above {1}. The learning rate {2} is too large: a step jumps past the valley it aims for, as in the descent lesson at lr = 10.":
            "步子迈过了头：某一步之后批量损失达到 {0}，远高于 {1}。学习率 {2} 太大：一步就跳过了它要去的谷底，和梯度下降一课里 lr = 10 时一样。",
        "The batch loss fell from {0} to {1}{2}.":
            "批量损失从 {0} 降到 {1}{2}。",
        "The batch loss rose from {0} to {1}{2}.":
            "批量损失从 {0} 升到 {1}{2}。",
        "The batch loss began and ended at {0}{1}.":
            "批量损失开始和结束时都是 {0}{1}。",
        "One step: the batch loss after it is {0}.":
            "只走了一步：这一步之后的批量损失是 {0}。",
        " (mean of the last {0} steps {1})":
            "（最后 {0} 步的平均为 {1}）",
        "The loss became {0}: the learning rate {1} is too large for this net.":
            "损失变成了 {0}：对这个网络来说学习率 {1} 太大了。",
        "ln 10 = {0}, the loss of an even guess over 10 classes (chance level)":
            "ln 10 = {0}，即对 10 个类别平均猜测时的损失（随机水平）",
    ])
}
