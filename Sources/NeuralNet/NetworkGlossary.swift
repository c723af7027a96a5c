import LessonKit

/// The Chinese of what the network lessons show alike: the W1 images of a
/// gradient check (``WeightImages``) and its tables.
package enum NetworkGlossary {
    package static let gradientCheck = Glossary([
        "mean |difference|: ": "|差| 的平均：",
        "the first ": "前 ",
        " of ": " 个，共 ",
        " hidden units": " 个隐藏单元",
        "hidden unit j: W1[:, j] as a 28×28 image": "隐藏单元 j：W1[:, j] 画成 28×28 图像",
        "a larger weight raises the loss": "增大权重会提高损失",
        "lowers it (ink where the batch's images have ink)": "会降低损失（批量图像有笔画的地方才有颜色）",
        "backprop": "反向传播",
        "numerical": "数值",
        "unit ": "单元 ",
        "difference = mean |backprop − numerical|, which the delta inside the log alone makes the third column": "差 = |反向传播 − 数值| 的平均；第三列是 log 里的 delta 单独造成的部分",
        "from delta alone": "delta 单独造成",
        "mean |gradient|": "|梯度| 的平均",
        "parameter": "参数",
        "difference": "差",
        "mean |difference|": "|差| 的平均",
        "max |difference|": "|差| 的最大值",
        "max |backprop|": "|反向传播| 的最大值",
        "elements": "元素数",
    ])
}
