// 页面上所有用户可见的文字（简体中文）。键与 en.js 完全一致；缺少任何一个键，
// tests/browser/course.test.cjs 都会失败。行内公式写在反斜杠加圆括号之间，由 web/build.mjs 用 KaTeX 排版。
import { fmt, fmtWeight, numberText } from '../views/format.js';

// 中文行与行之间不应有空格：源码中的换行和缩进在这里去掉。
const html = (strings, ...values) => String.raw(strings, ...values).replace(/\n\s*/g, '');
/** 置信水平（'0.95' 或 0.95）写成百分数（“95%”）。 */
const pct = (level) => `${Math.round(Number(level) * 100)}%`;

export default {
  meta: {
    code: 'zh',
    htmlLang: 'zh-CN',
    title: '注意力汇聚：Nadaraya-Watson 核回归',
    description:
      '注意力汇聚（Nadaraya-Watson 核回归）交互式教程，每张图都由编译成 WebAssembly 的 C++ 核心在浏览器中实时计算。',
  },

  ui: {
    qkEpochs: '轮次',
    qkLabel: '点积模型的训练轮次',
    qkOptions: '学到的查询和键的训练',
    skip: '跳到正文',
    kicker: '动手学深度学习 · 注意力机制',
    title: '注意力汇聚：Nadaraya-Watson 核回归',
    language: '语言',
    settings: '设置',
    groupData: '数据',
    groupModel: '模型',
    newData: '换一组数据',
    resetData: '恢复数据',
    resetDataTitle: '放弃对数据点的修改',
    seed: '随机种子',
    nLabel: '生成的样本数 n（对数刻度滑块）',
    noise: '噪声',
    noiseLabel: '噪声标准差 σ',
    kernel: '核函数',
    bandwidth: '带宽',
    hSliderLabel: '带宽 h（对数刻度滑块）',
    hLabel: '带宽 h',
    lrSliderLabel: '学习率 η（对数刻度滑块）',
    lrLabel: '学习率 η',
    resetAll: '全部重置',
    share: '分享',
    shareTitle: '复制指向当前设置的链接',
    shareFallback: '请复制这个链接：',
    dismiss: '知道了',
    editGroup: '编辑训练样本',
    removeMode: '删除模式',
    addAtX: '在 x 处添加',
    addY: 'y',
    addYPlaceholder: 'f(x)',
    addPoint: '添加样本',
    training: '训练',
    playback: '播放',
    play: '▶ 播放',
    pause: '❚❚ 暂停',
    step: '前进一轮',
    trainReset: '回到 w₀',
    speed: '速度',
    epochsPerSecond: '轮/秒',
    speedLabel: '播放速度（每秒迭代轮数）',
    trainingSettings: '训练设置',
    lr: '学习率',
    epochs: '迭代轮数',
    batch: '批量大小（0 表示全部）',
    w0: html`<var>w</var><sub>0</sub>（留空则随机）`,
    loo: '留一法（不看自己的键）',
    embedTitle: '嵌入这张图',
    embedHelp:
      '把这段代码粘贴到课程页面（HTML 块、Markdown 单元格或学习平台的页面）中。它会以当前设置打开这张图，只带这张图自己的控件。',
    embedSnippet: '代码',
    copy: '复制',
    copied: '已复制。',
    copyManually: '已选中，请按 Ctrl+C（⌘C）复制。',
    close: '关闭',
    exportText: '也可以复制下面的文本：',
    formula: '公式（可左右滚动）',
    figureTools: '导出或嵌入',
    exportPng: '图片（PNG）',
    exportCsvData: '数据（CSV）',
    exportCsvPredictions: '预测值（CSV）',
    exportCsvAttention: '注意力矩阵（CSV）',
    exportCsvKernel: '核函数值（CSV）',
    embed: '嵌入…',
    linkCopied: '链接已复制。',
    embedOpenFull: '打开完整教程',
    level: '置信水平',
    bandOptions: '置信带设置',
    classes: '类别数',
    classifyOptions: '分类设置',
    estimator: '估计量',
    estLc: '局部常数（Nadaraya–Watson）',
    estLl: '局部线性',
  },

  art: {
    lede: html`早在 Transformer 之前，甚至早在神经网络之前，1964 年提出的一种回归估计方法就已经在做
      <em>注意力</em>计算了：查询去看所有的键，把相似度变成和为 1 的权重，再返回值的加权平均。本页逐图重现这一节的内容，
      每个数字都由一个编译成 WebAssembly 的小型 C++ 库在你的浏览器里实时算出。`,
    part1: '第一部分 · 本节内容',
    part2: '第二部分 · 核函数与带宽',
    part3: '第三部分 · 超出本节的内容',
    part4: '第四部分 · 走向 Transformer 的注意力',
    intro: {
      h: '查询、键和值',
      p1: html`我们有 \(n\) 个训练样本 \((x_i, y_i)\)，想在新的输入 \(x\) 处预测 \(y\)。
        注意力汇聚把训练输入看作<strong>键</strong>，把标签看作<strong>值</strong>，把新的输入看作<strong>查询</strong>。
        预测值是所有值的加权平均，样本 \(i\) 的权重表示查询对键 \(x_i\) 的<em>注意</em>程度：`,
      p2: html`下面的内容说到底都是在选择权重 \(\alpha\)。用页面顶部的设置栏改变数据、核函数和带宽，所有图都会随之更新。`,
    },
    data: {
      h: '数据',
      p1: html`<output data-out="count">50</output> 个训练输入从 \([0, 5)\) 上均匀采样并排好序；
        每个标签等于真实函数值加上标准差为 \(\sigma\) = <output data-out="noise">0.5</output> 的高斯噪声。
        测试查询是 \(0, 0.1, \ldots, 4.9\) 这 50 个点。`,
      p2: html`数据可以随意修改：在图上添加、拖动或删除样本点，下面的每张图都会重新拟合。
        点击顶部的<em>恢复数据</em>即可回到生成的数据。`,
    },
    average: {
      h: '平均汇聚',
      p1: html`最偷懒的注意力根本不看查询：每个键的权重都是 \(1/n\)，于是每个预测值都是标签的平均值（这里是
        <output data-out="mean"></output>）。任何有用的加权方式都得先胜过这条基线。`,
    },
    bandwidths: {
      h: '非参数注意力汇聚',
      p1: html`Nadaraya 和 Watson 用查询与键之间距离的<strong>核函数</strong> \(K\) 给每个样本加权，再归一化使权重之和为 1。
        对高斯核来说，这个归一化恰好是对分数 \(-\tfrac12\big((x - x_i)/h\big)^2\) 做 <strong>softmax</strong>：`,
      p2: html`这里没有任何需要学习的参数：估计量就是数据本身再加一个数，即<strong>带宽</strong> \(h\)。
        \(h\) 小时只关注最近的几个键，曲线会跟着噪声走；\(h\) 大时在很宽的范围内取平均，曲线被压平，趋近平均汇聚。`,
    },
    heatmap: {
      h: '注意力都去了哪里',
      p1: html`把 50 个测试查询的权重叠成一个矩阵：每行对应一个查询，每列对应一个训练键，两者都已排序，每行之和为 1。
        由于相近的输入彼此相似，权重集中在对角线附近的一条带上；带的宽度就是带宽，这里 \(h\) = <output data-out="h">1</output>。拖动顶部的带宽滑块，看看这条带怎么变。
        （取指数之前，每行分数都先减去该行的最大值，所以即使 \(h\) 极小，权重也不会变成 0/0。）`,
      p2: html`<strong>查看单个查询：</strong>把指针移到预测曲线上（或热图的某一行），或者让任一张图获得焦点后用方向键选择。
        训练样本点的大小随该查询分给它的权重而变化，预测值则被写成加权和的形式。`,
    },
    training: {
      h: '带参数注意力汇聚：学习核的宽度',
      p1: html`现在让模型自己学习宽度。把 \(1/h\) 换成参数 \(w\)，用梯度下降来拟合。
        训练时，每个训练输入都作为查询，去关注<em>其余</em> \(n - 1\) 个样本（<strong>留一法</strong>：
        一个样本不能看到自己的标签），损失是平方误差之和。`,
      p2: html`与原书一致：\(w_0\) 从 \(U[0, 1)\) 中随机抽取，学习率 \(\eta = 0.5\)，做 5 轮全批量梯度下降。
        梯度是精确的（在 C++ 核心中手工推导，并用有限差分验证过）。图中画的是每次更新之前计算的损失。`,
      p3: html`右图：对这组数据而言，损失随 \(w\) 变化的曲线，以及梯度下降在上面走过的路径，每次更新一个点。
        用留一法时曲线有最小值（即第 11 节中留一交叉验证选出的带宽）；关掉留一法，随着 \(w\) 增大曲线会一直下降，
        \(w\) 就会一路增大下去。在最后一轮之后继续“前进一轮”会再加一轮。`,
    },
    parametric: {
      h: '带参数模型的预测对比',
      p1: html`测试时，每个查询都用学到的 \(w\) 关注全部 \(n\) 个训练样本。等效带宽为 \(h = 1/|w|\)：
        学到的 \(w\) 大于 1，就意味着核比非参数图中 \(h = 1\) 的更窄，曲线更贴近数据——如果过了头，也会贴近噪声。
        左图是用设置栏中带宽得到的非参数预测；右图是用上面训练得到的 \(w\) 做的带参数预测（随播放进度变化）。
        图上的数字是在 50 个测试查询上相对真实函数 \(f\) 的均方误差。`,
    },
    compareHeatmaps: {
      h: '两个注意力矩阵',
      p1: html`同样的查询和键：左边是非参数的（带宽取自设置栏），右边是带参数的（学到的 \(w\)）。
        右边那条更窄的带就是训练带来的全部变化：学习 \(w\)，就是学习每个查询应该看多远。`,
    },
    kernelGallery: {
      h: '核函数一览',
      p1: html`缩放距离 \(u = (x - x_i)/h\) 的任何一个在 0 处取最大值的非负函数都可以作为核；它的归一化常数在除法中会被约掉。
        高斯核永远不会降到零，紧支撑的核在 \(|u| = 1\) 之外权重恰好为零，而常数核又回到了平均汇聚。
        （原书代码把三角核叫作“Epanechikov”；真正的 Epanechnikov 核是 \(1 - u^2\)。）
        下面每条曲线都是库在 \(u\) 网格上算出的 \(k(u)\)（<code>nw.kernelValues</code>）；一个查询的注意力权重就是它在各个键处的这些值，再除以它们的和。`,
    },
    kernels: {
      h: '各种核函数的比较',
      p1: html`所有核函数都取相同的带宽 \(h\) = <output data-out="h">1</output>。光滑的核给出光滑的拟合；
        箱形核在一个窗口内取平均，有键进出窗口时曲线就会跳变。当紧支撑核在 \(h\) 范围内找不到任何键时，
        查询直接取最近那个键的值——这正是任何核在 \(h \to 0\) 时的极限——因此权重永远不会是 0/0。
        这些热图使用同一个色标：宽的核会把权重摊得很薄。`,
    },
    widths: {
      h: '不同带宽的比较',
      p1: html`高斯核在 \(h = 0.1, 0.2, 0.5\) 和 \(1\) 时的表现。宽度远比形状重要：它在方差（窄带会照搬噪声）
        和偏差（宽带会削平 \(f\) 的起伏）之间取舍。每张热图各用自己的色标。`,
    },
    bandwidthChoice: {
      h: '如何选择带宽',
      p1: html`统计软件用<strong>留一交叉验证</strong>来选择 \(h\)：用其余 \(n - 1\) 个样本预测每个训练标签，再把平方误差加起来。
        和第 5 节的训练损失比较一下——它们是同一个函数，只是写成了 \(w = 1/h\)：`,
      p2: html`所以，原书中用留一法训练的模型<em>本身就是</em>在对带宽做交叉验证：对 \(w\) 做梯度下降就是沿着留一损失曲线往下走，
        一直训练到收敛，就会停在它的某个极小值处（落入哪个盆地就停在哪个；曲线可能有多个极小值）。
        原书的 5 轮训练还远没到这一步：损失是 \(n\) 个平方误差之和，梯度很大，学习率 0.5 在第一步就把 \(w\) 远远甩过了极小值，
        之后要花几百轮才慢慢爬回来。Silverman 经验法则则完全不看标签（它假设密度光滑、接近高斯分布），通常平滑得更多。`,
    },
    whyLoo: {
      h: '为什么要留一？',
      p1: html`训练同一个模型，但这次让每个训练查询也关注它自己的键。随着 \(w\) 增大，查询分给自己的权重趋于 1，
        预测值趋于它自己的标签：靠记住噪声，损失可以一直降到零。梯度下降也乐于照办——\(w\) 无限增大，拟合曲线穿过每一个带噪声的点。
        正是“留出自己”让训练损失成为对新数据误差的诚实估计。下面两次训练都从同一个 \(w_0\) 开始，各训练 200 轮。`,
    },
    consistency: {
      h: '数据更多时：估计量是相合的吗？',
      p1: html`原书的第一道练习题问：更多的训练数据能带来什么？下图展示当 \(n\) 从 10 增加到 5000 时，
        预测值相对真实函数 \(f\)（而不是带噪声的标签）的误差，对多组数据取平均；分别使用设置栏中的固定带宽，以及根据每组数据选出的带宽。
        带宽 \(h\) 固定时，误差会趋于平稳：估计收敛到的是<em>平滑后</em>的 \(f\)，平滑带来的偏差始终存在。
        让 \(h\) 随数据增多而缩小（留一交叉验证，或 Silverman 的 \(n^{-1/5}\)），误差就会继续下降，
        接近这个问题可能达到的最优速率 \(n^{-4/5}\)。`,
    },
    band: {
      h: '估计有多可靠？',
      p1: html`只看一条曲线，看不出它哪里有把握、哪里在猜。权重能告诉我们。预测值是带噪声标签的加权平均，
        \(f(q) = \sum_j a_j(q)\, y_j\)；如果每个标签都带有标准差为 \(\sigma\) 的独立噪声，
        那么这个平均值的噪声标准差就是 \(\sigma\) 乘以权重向量的长度。这就是逐点的<strong>标准误差</strong>，
        置信带则是拟合值加减 \(z\) 倍标准误差（\(z\) 是置信水平对应的正态分位数，95% 时为 1.96）：`,
      p2: html`\(\sigma\) 用 <strong>Rice 差分估计</strong>从数据中估计：按 \(x\) 排序后，相邻标签之差主要来自噪声，
        所以它们平方差的均值的一半就是 \(\sigma^2\) 的估计。它与 \(h\) 无关，与 \(h\) 有关的是权重。
        \(k\) 个相等的权重满足 \(\sum_j a_j^2 = 1/k\)：\(h\) <strong>窄</strong>时只平均少数几个标签，置信带<strong>宽</strong>；
        \(h\) <strong>宽</strong>时平均很多标签，置信带<strong>窄</strong>。在数据的两端，查询只有一侧有邻居，置信带也更宽。`,
      p3: html`<strong>置信带覆盖的是平滑后的曲线，而不是真实函数。</strong>它衡量的是平均值的噪声，而不是它的<em>偏差</em>：
        宽的 \(h\) 会削平 \(f\) 的起伏，这时窄窄的置信带会“信心十足”地落在真实曲线旁边
        （在默认设置下，真实的 \(f(2.5)\) 就在置信带上方：见下面的读数）。把 \(h\) 调小，置信带变宽，直到重新包住真实函数。
        下面的一切都由 <code>nw.confidenceBand</code> 按设置栏中的核函数和 \(h\) 算出。`,
    },
    classify: {
      h: '用注意力做分类',
      p1: html`第二版的第一道练习题：注意力汇聚也能做分类。给每个训练样本一个类别 \(c_j\)，把它的值换成该类别的
        <em>独热</em>向量；独热向量的加权平均就是一个类别概率向量。这就是 <strong>Parzen 窗分类器</strong>，
        对每个类别来说，它就是值取 \(y_j = [c_j = c]\)（属于类别 \(c\) 的样本取 1，其余取 0）的普通 Nadaraya–Watson 回归：`,
      p2: html`这里的分类任务由本页根据页面上的数据构造（由页面而不是由库完成）：样本的类别取决于它的标签 \(y\)
        落在哪个区间，区间由固定的阈值划分（见图例）。库函数 <code>nw.classify</code> 按设置栏中的核函数和 \(h\)
        在查询网格上计算概率 \(p_c(q)\)；预测类别是概率最大的那个。\(h\) 窄时概率曲线参差不齐，决策区域又多又碎
        （每个带噪声的点都占据自己周围的一小块）；\(h\) 宽时曲线平滑、区域很少，极限情况下处处都是多数类。
        图下方在一个查询处验证这个恒等式：<code>nw.classify</code> 与对独热值调用 <code>nw.predict</code> 的结果相比较。`,
    },
    boundary: {
      h: '边界偏差与局部线性回归',
      p1: html`看看上面任何一条拟合曲线的左端：真实函数从 \(f(0) = 0\) 开始，而 Nadaraya–Watson
        曲线的起点却高出不少。这就是<strong>边界偏差</strong>。这个估计量是 \(q\) 附近标签的加权<em>平均</em>；
        在数据内部，左右两侧的邻居相互抵消，\(f\) 的斜率的影响也随之抵消。而在 \(q = 0\) 处，所有的键都在同一侧
        （右侧，那里 \(f\) 更大），平均值就被拉向内部，偏差大约是斜率乘以键的平均距离，与 \(h\) 同阶
        （在内部只与 \(h^2\) 同阶）。统计软件默认采用的修正办法（statsmodels 的 <code>KernelReg</code>、R 的
        <code>np</code> 包）是：用同样的权重 \(K_j = K((q - x_j)/h)\) 拟合一条<strong>直线</strong>而不是常数，
        再取直线在 \(q\) 处的值：`,
      p2: html`直线能跟上 \(f\) 的斜率，因此一阶项不再造成偏差，在边界和内部都是如此。预测仍然是标签的加权和，
        注意力权重是<strong>等价核</strong> \(l_j(q)\)。这些权重之和仍为 1，但它们<strong>不是</strong>
        softmax 的输出：权重可以是<strong>负数</strong>。在边界查询处，远处的键得到负权重；正是这样，
        直线才能外推到边缘，而不是朝中间取平均。`,
      p3: html`两张图都使用设置栏中的数据、核函数和 \(h\)。左图：两种拟合曲线和真实函数（设置栏中选定的估计量画得更粗；
        第 14 节的置信带用的也是它）。右图：边界查询 \(x = 0\) 在两种估计量下分给每个键的权重，并画出零线。
        下方给出每种估计量相对 \(f\) 的测试均方误差、在 \(x = 0\) 处的预测，以及留一交叉验证选出的带宽
        （带 <code>estimator</code> 选项的 <code>nw.selectBandwidth</code>）。局部线性用一些方差换来更小的偏差：
        在数据稀疏或 \(h\) 很小的地方，它的直线可能比平均值摆动得更厉害。`,
    },
    criteria: {
      h: '选择 h 的三种方法',
      p1: html`上面的一切都取决于 \(h\)，而数据本身并不附带一个 \(h\)。统计学中常用三种方法来选择它，
        它们回答的是不同的问题。<strong>留一交叉验证</strong>（第 11 节）用其余所有标签预测每一个标签，
        再把平方误差加起来：它问的是 \(h\) 对没见过的点预测得如何。<strong>AIC<sub>c</sub></strong>
        （Hurvich、Simonoff 和 Tsai，1998；statsmodels 的 <code>bw='aic'</code>）看的是普通的样本内拟合——
        \(h\) 越小它总是越好——并为此收取代价：平滑矩阵 \(H\) 把标签映射为拟合值，它的迹
        \(\operatorname{tr} H = \sum_i a_i(x_i)\)，即每个点分给自己的权重之和，就是<em>有效参数个数</em>
        （平均汇聚为 1，穿过每个点的拟合为 \(n\)）。<strong>Silverman 经验法则</strong>完全不看标签：
        它只根据键的分散程度和 \(n\) 来确定 \(h\)。`,
      p2: html`左图：留一损失随 \(h\) 的变化；右图：AIC<sub>c</sub> 随 \(h\) 的变化。两者都使用设置栏中的数据、
        核函数和估计量（把估计量换成局部线性，两条曲线都会改变：它的平滑矩阵 \(H\) 不同）。每张图都标出三种选择：
        本曲线的最小值、另一准则的选择，以及 Silverman 的 \(h\)。当 \(\operatorname{tr} H + 2 \ge n\) 时，
        拟合几乎穿过每个点，AIC<sub>c</sub> 为无穷大，曲线在那里中断。两个最小值都是全局最小值（
        <code>nw.selectBandwidth</code> 加 <code>method: 'loo-cv'</code> 或 <code>'aic'</code>；曲线来自
        <code>nw.looCurve</code> 和 <code>nw.aicCurve</code>）。两种准则通常选得很接近；Silverman 法则是为光滑的密度
        而不是为这个 \(f\) 设计的，可能相差很远。下方的读数给出每种选择下拟合相对真实 \(f\) 的测试误差。`,
    },
    sphere: {
      h: '球面上的高斯核就是点积注意力',
      p1: html`Transformer 用查询与键的<strong>点积</strong>而不是距离来给键打分。第二版的第三道练习说明：
        一旦所有向量的长度都是 1，这两者就是一回事。把每个输入放到单位圆上，\(x \mapsto (\cos 2\pi x/5,
        \sin 2\pi x/5)\)，键和查询都这样处理。对单位向量而言，距离的平方其实就是点积：`,
      p2: html`因子 \(e^{-1/h^2}\) 对每个键都相同，归一化时被约去：球面上的高斯注意力权重<em>就是</em>分数
        \(q \cdot x_j / h^2\) 的 softmax，即温度为 \(h^2\) 的点积注意力（Transformer 用的是除以
        \(\sqrt{d}\)）。下面是圆上的数据，以及由库用两种方法算出的注意力矩阵（<code>nw.attentionHeatmap</code>
        加 <code>dims: 2</code>：先用距离分数，再用 <code>score: 'dot'</code>），两者使用同一色标。
        读数给出两个完整矩阵之间的最大差：只是舍入误差，约 \(10^{-17}\)。有一点确实变了：在圆上
        \(x = 0\) 和 \(x = 5\) 是相邻的，所以拟合在两端首尾相接。这里要说明的是这个恒等式，而不是更好的拟合。`,
    },
    relevance: {
      h: '两个输入，一个无关：学会往哪里看',
      p1: html`给每个点加上第二个输入 \(x_2\)，它与标签毫无关系：\(y = f(x_1) + \varepsilon\)，
        \(x_1\) 和 \(x_2\) 都在 \([0, 5)\) 上均匀分布。两个输入共用一个带宽的高斯核给查询周围的一个<em>圆盘</em>
        分配权重：它会平均那些 \(x_1\) 相差很远、只是 \(x_2\) 碰巧接近的点。改为每个输入一个尺度，
        \(u_k = w_k (q_k - x_k)\)，并像本节训练它唯一的 \(w\) 那样，用留一损失上的随机梯度下降来训练这两个尺度：`,
      p2: html`损失的梯度把 \(w_2\) 推向 0：沿 \(x_2\) 的距离不再起作用，它的宽度 \(1/|w_2|\) 无限增大，
        权重展开成沿 \(x_2\) 方向的<em>条带</em>，而沿 \(x_1\) 方向仍然很窄。模型学会了往哪里看。
        Transformer 中学到的查询和键投影在更大规模上做的正是这件事。左图：两个输入共用一个带宽时查询的注意力
        （二维中的留一交叉验证选择，<code>nw.selectBandwidth</code> 加 <code>dims: 2</code>）；中图：使用训练得到的两个尺度
        （<code>nw.trainAttention</code>，<code>model: 'diagonal'</code>）；右图：训练损失。<strong>拖动查询点</strong>
        （或让平面获得焦点后使用方向键）。下方给出两个宽度、两种模型在查询点的预测与真实值的比较，以及它们在
        500 个新点上的测试误差：学到的模型误差更低。`,
    },
    curse: {
      h: '维数灾难',
      p1: html`第二版的第四道练习问：随着数据增多，带宽应当如何缩小？这是否取决于维数？下面取
        \(d = 1\)、\(2\) 和 \(4\) 个输入，每个输入都相关（\(y\) 是 \(f\) 在各坐标上的平均），
        训练点数 \(n\) 从 20 到 160，对每种情况使用带有 \(d\) 维留一交叉验证带宽的高斯估计量，
        并用真实函数检验（每种情况两组数据，使用设置栏中的种子和噪声）。理论表明，光滑函数的最佳误差按下式下降：`,
      p2: html`因为半径为 \(h\) 的球只包含 \(h^d\) 比例的数据：为了让球中有足够的点，\(h\) 只能缓慢缩小，
        约为 \(n^{-1/(4+d)}\)，而偏差 \(h^2\) 决定了收敛速度。虚线具有这些斜率。输入更多，函数相同：
        误差下降更慢，选出的 \(h\)（右图）也更大。要把误差减半，\(d = 1\) 需要 \(2^{5/4} \approx 2.4\) 倍的数据，
        \(d = 4\) 需要四倍（\(2^{(4+d)/4}\)）；在 \(d = 20\) 时则需要 64 倍。Transformer 中的注意力通过<em>学习</em>往哪里看（第 19 节）来避开这个问题：
        分数比较的是学到的投影，而不是每个坐标上的原始距离。`,
    },
    qk: {
      h: '学到的查询和键：Transformer 的注意力头',
      p1: html`第 18 节说明，在单位圆上高斯核就是点积 \(q \cdot x_j / h^2\) 的 softmax。Transformer 更进一步：
        它不固定相似度，而是<em>学习</em>相似度。查询和键先乘以学到的矩阵，分数是它们的缩放点积：`,
      p2: html`这里 \(W_q\) 和 \(W_k\) 是 \(2 \times 2\) 矩阵，随机初始化，在放到圆上的页面数据上用留一损失的随机梯度下降训练
        （<code>nw.trainAttention</code>，<code>model: 'dot'</code>，最多 200 个点）。按<strong>播放</strong>逐轮观看训练
        （矩阵在变化，注意力逐渐成形），或拖动<strong>轮次</strong>滑块。在 0 轮时，
        随机投影给出模糊而偏斜的注意力。训练并没有重新发现高斯核沿对角线的条带（那需要 \(W_q^\top W_k\) 与单位矩阵成比例）：
        它找到了适合这个 \(f\) 的另一种相似度。位于区间中部的查询关注 \(f\) 较大处的键，靠近两端的查询关注两端（它们在圆上相接），
        测试误差最终接近、这里甚至低于使用留一交叉验证带宽的高斯核（见读数）。与 Transformer 注意力头相同之处：学到的查询和键投影、
        缩放点积、对键的 softmax、对值的加权和。不同之处：没有学到的值投影（值就是标签）、只有一个头、没有位置编码，
        每个词元只有一个输入而不是一个序列。`,
    },
    exercises: {
      h: '练习',
      p1: html`本节在书的两个版本中的练习。每道练习都有一个链接，把页面设置为能回答它的状态（其他设置恢复默认）并跳到相应的小节；
        答案可按需展开。`,
      edition1: '第一版，练习',
      edition2: '第二版，练习',
      answer: '显示答案',
      ed1_1: {
        q: html`增加训练样本的数量。能否更好地学习非参数的 Nadaraya–Watson 核回归？`,
        try: '试一试：1000 个点，以及一致性实验',
        a: html`只有当带宽随数据增多而缩小时才行。带宽 \(h\) 固定时，测试误差会趋于平稳：估计收敛到一个<em>平滑后的</em>
          \(f\)，这部分偏差始终存在。若对每组数据选择 \(h\)（留一交叉验证，或 Silverman 的 \(n^{-1/5}\)），
          误差会持续下降，接近最佳速度 \(n^{-4/5}\)。第 13 节画出了这两种情况。`,
      },
      ed1_2: {
        q: html`在带参数的注意力汇聚实验中，学到的 \(w\) 是多少？为什么它会让注意力权重的加权区域更尖锐？`,
        try: '试一试：本节的训练过程',
        a: html`按本节的设置，第一次更新就把 \(w\) 从随机初值推到约 18（第 5 节给出页面数据上的值）：
          \(h = 1/|w| \approx 0.06\)。此时权重 \(\exp(-(w (q - x_i))^2 / 2)\) 在离查询约 \(2/w \approx 0.1\)
          之外几乎为零，因此每个查询只把权重分给附近的少数几个键：热图对角线上的一条窄带。大的 \(w\) 就是小的带宽。
          之后的轮次又把 \(w\) 拉回留一交叉验证的最优值附近（第 11 节）。`,
      },
      ed1_3: {
        q: html`如何给非参数的 Nadaraya–Watson 核回归加入超参数以获得更好的预测？`,
        try: '试一试：h = 0.3，接近留一交叉验证的选择',
        a: html`带宽 \(h\)（核的宽度）以及核的形状。用留一交叉验证（第 11 节）、AIC<sub>c</sub> 或 Silverman 法则
          （第 17 节）代替 \(h = 1\) 来选择 \(h\)，默认数据上的测试误差从 0.43 降到约 0.16；核函数一节在同一
          \(h\) 下比较了不同形状。局部线性回归（第 16 节）消除了边界偏差。`,
      },
      ed1_4: {
        q: html`为本节的核回归设计另一种带参数的注意力汇聚模型。训练这个新模型并可视化它的注意力权重。`,
        try: '试一试：每个输入一个宽度，经过训练',
        a: html`例如每个输入一个宽度，\(u_k = w_k (q_k - x_k)\)，用留一损失上的随机梯度下降训练：当两个输入中只有一个有用时，
          它学会忽略另一个（第 19 节在平面上画出了它的注意力）。<code>nw.trainAttention</code> 还能训练完整矩阵 \(W\)
          以及学到的查询和键投影（缩放点积注意力，<code>model: 'dot'</code>）。`,
      },
      ed2_1: {
        q: html`Parzen 窗密度估计为 \(\hat p(x) = \frac1n \sum_i k(x, x_i)\)。证明对于二分类，用 Parzen 窗得到的函数
          \(\hat p(x, y = 1) - \hat p(x, y = -1)\) 等价于 Nadaraya–Watson 分类。`,
        try: '试一试：两个类别',
        a: html`\(\hat p(x, y = 1) - \hat p(x, y = -1)\) 等于 \(\frac1n \sum_i k(x, x_i)\, y_i\)，其中 \(y_i = \pm 1\)。
          除以 \(\hat p(x) = \frac1n \sum_i k(x, x_i) > 0\) 不改变符号，商为 \(\sum_i a_i(x)\, y_i\)，即标签为
          \(\pm 1\) 的 Nadaraya–Watson 回归，等于 \(\hat p(y = 1 \mid x) - \hat p(y = -1 \mid x)\)。两者都按它的符号分类。
          第 15 节用独热值验证了这个恒等式。`,
      },
      ed2_2: {
        q: html`实现随机梯度下降来学习合适的核宽度。如果直接最小化 \((f(x_i) - y_i)^2\) 会怎样？从 \(f(x_i)\)
          的估计中去掉 \((x_i, y_i)\) 再对宽度做优化：还会过拟合吗？`,
        try: '试一试：使用与不使用留一',
        a: html`如果自己的键也在键中，每个点都能预测自己：当 \(w \to \infty\)（\(h \to 0\)）时损失趋于 0，
          随机梯度下降会跑向一个穿过噪声的插值拟合。去掉该点就消除了这个问题：留一损失在有限的 \(w\) 处
          （即留一交叉验证带宽）取得最小值，训练会收敛到那里（第 11 和 12 节）。`,
      },
      ed2_3: {
        q: html`假设所有 \(x\) 都在单位球面上，即 \(\lVert x \rVert = 1\)。能否化简指数中的
          \(\lVert x - x_i \rVert^2\) 项？`,
        try: '试一试：圆上的数据',
        a: html`\(\lVert x - x_i \rVert^2 = 2 - 2\, x \cdot x_i\)，所以 \(\exp(-\lVert x - x_i \rVert^2 / 2h^2)\)
          等于 \(e^{-1/h^2} \exp(x \cdot x_i / h^2)\)：第一个因子在归一化时被约去，权重就是点积 \(x \cdot x_i / h^2\)
          的 softmax，即点积注意力。第 18 节用两种方法计算并比较。`,
      },
      ed2_4: {
        q: html`Nadaraya–Watson 估计是一致的。随着数据增多，应以多快的速度缩小注意力的尺度？这是否取决于数据的维数？`,
        try: '试一试：d = 1、2 和 4',
        a: html`偏差的平方按 \(h^4\) 增长，方差按 \(1/(n h^d)\) 变化（半径为 \(h\) 的球只包含 \(h^d\) 比例的点）。
          两者平衡时 \(h \sim n^{-1/(4+d)}\)，误差 \(\sim n^{-4/(4+d)}\)。所以是的：维数越高，\(h\) 必须缩小得越慢，
          误差也下降得越慢，这就是维数灾难（第 20 节；\(d = 1\) 见第 13 节）。`,
      },
    },
    footer: html`由 <code>nadaraya-watson.js</code> <span id="version"></span> 计算（C++17 与 Eigen，编译为 WebAssembly）。
      图表由 Chart.js 绘制，公式由 KaTeX 排版。内容基于《动手学深度学习》中“注意力汇聚：Nadaraya-Watson 核回归”一节。`,
  },

  kernelNames: {
    gaussian: '高斯核',
    boxcar: '箱形核',
    epanechnikov: 'Epanechnikov 核',
    triangular: '三角核',
    tricube: '三立方核',
    cosine: '余弦核',
    constant: '常数核',
  },
  onSupport: '（|u| ≤ 1 时）',

  axisX: 'x',
  axisY: 'y',
  trainingData: '训练样本',
  truth: '真实函数',
  prediction: '预测',
  queryMarker: 'f(查询)',
  heatKeys: '排序后的训练输入（键）',
  heatQueries: '排序后的测试输入（查询）',
  attentionWeight: '注意力权重',
  colorScale: (title, max) => `色标：${title}，从 0（最浅）到 ${fmt(max, 2)}（最深）`,
  heatCell: (q, k, v) => `查询 ${q}，键 ${k}：权重 ${fmt(v)}`,
  averageCaption: '平均汇聚：一条水平线',
  averageLabel: '平均汇聚',
  bandwidthCaption: (h, kernel, err) => `h = ${h}（${kernel}）：测试均方误差 ${fmt(err)}`,
  heatmapCaption: (kernel, h) => `注意力权重，${kernel}，h = ${fmt(h)}`,
  inspectorCaption: (err) => `对应的预测：测试均方误差 ${fmt(err)}`,
  attentionCaption: '注意力权重',
  lossPerEpoch: '每轮的训练损失',
  trainingLoss: '训练损失',
  axisEpoch: '迭代轮数',
  axisLossSum: '损失（平方误差之和）',
  landscapeCaption: '损失曲面',
  axisAbsW: '|w|（对数刻度）',
  axisLossW: '损失 L(w)（对数刻度）',
  curveL: 'L(w)',
  sgdPath: '梯度下降路径',
  currentW: '当前的 w',
  minimum: '最小值',
  landscapeLoo: '留一法',
  landscapeOwn: '包含自身的键',
  offChart: (w) => `（|w| = ${fmt(w)}，超出图的范围）`,
  trainingReadout: (kernel, w0, epochs, steps, w, minibatch) =>
    `${kernel}，w0 = ${fmt(w0)}，训练 ${epochs} 轮（${steps} 次更新）后：w = ${fmt(w)}，即 h = 1/|w| = ${fmt(1 / Math.abs(w))}。` +
    (minibatch
      ? '每一轮都会重新打乱小批量，随机数来自以数据种子初始化的同一个随机流：与 nw.trainParametric 的结果完全相同。'
      : ''),
  nonparametric: '非参数',
  parametric: '带参数',
  testMse: '测试均方误差 ',
  verdictParam: (mb, ma) =>
    `训练得到的模型更接近真实函数（均方误差 ${fmt(mb)}，对比 ${fmt(ma)}）。`,
  verdictNp: (h, ma, mb) =>
    `在这里，带宽 h = ${fmt(h)} 胜过训练得到的模型（均方误差 ${fmt(ma)}，对比 ${fmt(mb)}）。`,
  compareNpHeat: (kernel, h) => `非参数，${kernel}，h = ${fmt(h)}`,
  comparePHeat: (kernel, w, e) =>
    `带参数，${kernel}，训练 ${e} 轮后 w = ${fmt(w)}（h = ${fmt(1 / Math.abs(w))}）`,
  axisU: 'u',
  axisKu: 'k(u)',
  cardPrediction: (title) => `${title}：预测`,
  cardAttention: (title) => `${title}：注意力`,
  looCurveCaption: '留一损失随带宽的变化',
  looCurveCaptionSelect: '留一损失随带宽的变化（最小值由 selectBandwidth 求得）',
  axisHLog: '带宽 h（对数刻度）',
  axisLooLoss: '留一损失',
  looLoss: '留一损失',
  looCvMin: '留一交叉验证的最小值',
  silvermanRule: 'Silverman 经验法则',
  trainedChapter: '训练（原书轮数）',
  trainedConverged: '训练至收敛',
  labelTrainedChapter: (e, h) => `训练 ${e} 轮：h = ${fmt(h)}`,
  labelTrainedConverged: (h) => `训练至收敛：h = ${fmt(h)}`,
  labelCv: (h) => `留一交叉验证最小值：h = ${fmt(h)}`,
  labelSilverman: (h) => `Silverman：h = ${fmt(h)}`,
  hTrajectoryCaption: '训练过程中的 h = 1/|w|',
  axisUpdateLog: '梯度下降更新次数（对数刻度）',
  axisHTrained: 'h = 1/|w|（对数刻度）',
  trainedH: '训练得到的 1/|w|',
  looCvH: '留一交叉验证的 h',
  progressLoo: '留一损失曲线',
  progressTraining: '训练',
  progressConverge: '训练至收敛',
  choiceReadout: (w0, lr, w, epochs, converged, convEpochs, hv, hcv) =>
    `从 w0 = ${fmt(w0)}（h = ${fmt(1 / Math.abs(w0))}）出发，学习率为 ${fmt(lr)} 的梯度下降在 ${epochs} 轮后到达 w = ${fmt(w)}；继续训练，` +
    (converged ? `在第 ${convEpochs} 轮收敛` : `在第 ${convEpochs} 轮被停止`) +
    `，此时 h = ${fmt(hv)}。留一交叉验证的最小值在 h = ${fmt(hcv)}。`,
  whyLooW: '每轮的 |w|',
  whyLooFewer: (e, n) => `每轮的训练损失（只显示前 ${e} 轮：n = ${n} 时每一轮都要遍历全部数据）`,
  thinNote: (shown, total) =>
    `显示 ${numberText(total)} 个点中均匀抽取的 ${numberText(shown)} 个（计算仍使用全部数据）`,
  heatBinnedNote: (rows, cols, m, n) =>
    `${m} 个查询 × ${numberText(n)} 个键显示为 ${rows} × ${cols} 个格子：每格是约 ${Math.round(n / cols)} 个相邻（已排序）键的权重之和` +
    (rows < m ? `，并对约 ${Math.round(m / rows)} 个相邻查询取平均` : '') +
    '，因此每行之和仍为 1',
  editLargeOff: (max, n) =>
    `手动编辑最多支持 ${numberText(max)} 个点；n = ${numberText(n)} 时此图只供查看（减小 n 即可编辑）。`,
  whyLooFit: '训练后的两条拟合曲线',
  axisLossLog: '损失（对数刻度）',
  axisAbsWLog: '|w|（对数刻度）',
  axisLossLinear: '损失（线性刻度）',
  axisLossWLinear: '损失 L(w)（线性刻度）',
  axisAbsWLinear: '|w|（线性刻度）',
  axisHLinear: 'h = 1/|w|（线性刻度）',
  zeroLossNote: '线性刻度：有些损失恰好为 0（每个点都被准确预测），对数刻度无法显示 0。',
  zeroWNote: '线性刻度：这里 |w| 为 0（w = 0：h = ∞，平均汇聚），对数刻度无法显示 0。',
  hInfinite: 'h = ∞（w = 0）',
  heatOwnScale: (max, shared) =>
    `单独的色标，从 0 到 ${fmt(max, 2)}：这些权重比其他热图的（最大 ${fmt(shared, 2)}）小得多，在它们的色标上会显示为白色。`,
  leaveOneOut: '留一法',
  ownKey: '包含自身的键',
  whyLooLabel: (what, w, err) => `${what}：w = ${fmt(w)}，测试均方误差 ${fmt(err)}`,
  consistencyCaption: '测试误差随 n 的变化',
  axisNLog: '训练样本数 n（对数刻度）',
  axisMseLog: '相对 f 的测试均方误差（对数刻度）',
  fixedH: '固定的 h',
  silvermanH: 'Silverman 的 h',
  slope: '斜率 n^(-4/5)',
  computingN: (n) => `正在计算 n = ${n} …`,
  consistencyResult: (kernel, noise, n, h, fixed, cv, sil) =>
    `${kernel}，噪声 ${fmt(noise)}；n = ${n} 时：固定 h = ${fmt(h)} 的均方误差为 ${fmt(fixed)}，留一交叉验证 ${fmt(cv)}，Silverman ${fmt(sil)}`,

  bandCaption: (kernel, h, level, est) =>
    `${kernel}，h = ${fmt(h)}，${est}：拟合曲线及其 ${pct(level)} 置信带`,
  bandFit: '拟合 f(q)',
  estimatorName: (e) => (e === 'll' ? '局部线性' : '局部常数（Nadaraya–Watson）'),
  estimatorWeights: (e) => (e === 'll' ? '局部线性：等价核 l_j(0)' : '局部常数：a_j(0)'),
  zeroWeight: '权重 0',
  axisKeyX: '键 x_j',
  axisWeight: '键的权重',
  boundaryFitCaption: (kernel, h) =>
    `${kernel}，h = ${fmt(h)}：同一组数据上的局部常数与局部线性拟合`,
  boundaryWeightsCaption: (x, kernel, h) =>
    `查询 x = ${fmt(x)} 分给每个键的权重（${kernel}，h = ${fmt(h)}）`,
  summaryBoundaryFits: (x, lc, ll, truth, lcMse, llMse) =>
    `在 x = ${fmt(x)} 处真实值为 ${fmt(truth)}；局部常数的预测为 ${fmt(lc)}，局部线性为 ${fmt(ll)}。测试均方误差：局部常数 ${fmt(lcMse)}，局部线性 ${fmt(llMse)}。`,
  summaryBoundaryWeights: (x, negative, n, min, at) =>
    `查询 x = ${fmt(x)} 的局部线性权重：${n} 个中有 ${negative} 个为负，最小的是 x = ${fmt(at)} 处键的 ${fmtWeight(min)}。局部常数的权重都不为负。`,
  boundaryReadout: (est, x, truth, lc, ll, lcMse, llMse, lcH, llH, min, at) =>
    `在 x = ${fmt(x)} 处（真实值 f(${fmt(x)}) = ${fmt(truth)}）：局部常数 ${fmt(lc)}，局部线性 ${fmt(ll)}。` +
    `相对 f 的测试均方误差：局部常数 ${fmt(lcMse)}，局部线性 ${fmt(llMse)}。` +
    '留一交叉验证带宽：局部常数 ' +
    (lcH === null ? '…' : `h = ${fmt(lcH)}`) +
    '，局部线性 ' +
    (llH === null
      ? '…'
      : Number.isNaN(llH)
        ? '超过 20000 个点时不搜索（需要数秒）'
        : `h = ${fmt(llH)}`) +
    `。x = ${fmt(x)} 的局部线性权重中最小的是 ${fmtWeight(min)}（键 x = ${fmt(at)}）。` +
    `设置栏中的估计量：${est === 'll' ? '局部线性' : '局部常数'}。`,
  axisAic: 'AIC_c',
  aicCurveLabel: 'AIC_c',
  aicInfinite: 'AIC_c = ∞（tr H + 2 ≥ n）',
  criterionName: (c) => (c === 'aic' ? 'AIC_c 曲线' : '留一曲线'),
  criteriaMark: (mark, h) =>
    `${{ loo: '留一交叉验证', aic: 'AIC_c', silverman: 'Silverman' }[mark]}：h = ${fmt(h)}`,
  criteriaLooCaption: (kernel, est) => `留一损失随 h 的变化（${kernel}，${est}）`,
  criteriaAicCaption: (kernel, est) => `AIC_c 随 h 的变化（${kernel}，${est}）`,
  summaryCriteria: (loo, aic, sil) =>
    `选出的带宽：留一交叉验证 h = ${fmt(loo)}，AIC_c h = ${fmt(aic)}，Silverman h = ${fmt(sil)}。`,
  criteriaReadout: (est, hs, mse, aic) =>
    `${est === 'll' ? '局部线性' : '局部常数'}：留一交叉验证选出 h = ${fmt(hs.loo)}（测试均方误差 ${fmt(mse.loo)}），` +
    `AIC_c 选出 h = ${fmt(hs.aic)}（AIC_c ${fmt(aic)}，测试均方误差 ${fmt(mse.aic)}），` +
    `Silverman 法则给出 h = ${fmt(hs.silverman)}（测试均方误差 ${fmt(mse.silverman)}）。`,
  axisCircleCos: 'cos(2πx/5)',
  axisCircleSin: 'sin(2πx/5)',
  sphereKeys: '圆上的训练输入',
  sphereProbe: (x) => `查询 x = ${fmt(x)}`,
  sphereCircleCaption: (n) => `单位圆上的 ${n} 个训练输入和查询`,
  sphereGaussCaption: (h) => `距离的高斯核，h = ${fmt(h)}`,
  sphereDotCaption: (h) => `点积 q · x / h² 的 softmax，h = ${fmt(h)}`,
  summarySphereCircle: (n, x) =>
    `${n} 个训练输入位于单位圆上角度 2πx/5 处；查询 x = ${fmt(x)} 位于 x = 0 的对面。`,
  sphereReadout: (h, diff, full, x, g, d) =>
    `h = ${fmt(h)}：两个注意力矩阵之间的最大差为 ${diff.toExponential(1)}` +
    `（${full ? '遍历所有单元格' : '遍历分箱后的单元格'}）。` +
    `x = ${fmt(x)} 处的预测：高斯 ${fmt(g, 6)}，点积 ${fmt(d, 6)}。`,
  axisFirstInput: 'x1（相关）',
  axisSecondInput: 'x2（无关）',
  trainingInputs: '训练输入',
  planeQuery: '查询 q',
  planeLabel: '两个输入构成的平面及查询的权重；拖动查询点，或使用方向键',
  relevanceLossCaption: '训练过程中对角模型的留一损失',
  relevanceLoss: '留一损失',
  relevanceIsoCaption: (h) => `两个输入共用一个带宽：h = ${fmt(h)}（留一交叉验证）`,
  relevanceDiagCaption: (h1, h2) =>
    `学到的宽度：h1 = ${fmt(h1)}，h2 = ${Number.isFinite(h2) ? fmt(h2) : '∞'}`,
  summaryRelevance: (q, at, truth) =>
    `在查询点 (${fmt(q[0])}, ${fmt(q[1])}) 处预测为 ${fmt(at)}；真实值为 ${fmt(truth)}。`,
  relevanceReadout: (r) =>
    `${r.n} 个点${r.capped ? '（平面最多使用 400 个）' : ''}。共用带宽：h = ${fmt(r.h)}。` +
    `学到的尺度 w1 = ${fmt(r.w1)}，w2 = ${fmt(r.w2)}：沿 x1 的宽度 ${fmt(1 / Math.abs(r.w1))}，沿 x2 的宽度 ` +
    `${r.w2 === 0 ? '∞' : fmt(1 / Math.abs(r.w2))}。在 q = (${fmt(r.q[0])}, ${fmt(r.q[1])}) 处` +
    `真实值为 ${fmt(r.truth)}：共用带宽预测 ${fmt(r.isoAt)}，学到的宽度预测 ${fmt(r.diagAt)}。` +
    `在 500 个新点上的测试均方误差：共用带宽 ${fmt(r.isoMse)}，学到的宽度 ${fmt(r.diagMse)}。`,
  curseErrorCaption: '使用留一交叉验证带宽时测试误差随 n 的变化，d = 1、2、4',
  curseBandwidthCaption: '留一交叉验证带宽随 n 的变化',
  curseDims: (d) => `d = ${d}`,
  curseRate: (d) => `n^(-4/${4 + d})`,
  axisHLogOnly: '带宽 h（对数刻度）',
  progressComputing: '计算中…',
  summaryCurse: (rows) =>
    '从最小到最大的 n，测试均方误差：' +
    rows.map((r) => `d = ${r.d}：${fmt(r.first)} 到 ${fmt(r.last)}`).join('；') +
    '。',
  summaryCurseBandwidth: (rows) =>
    '从最小到最大的 n，留一交叉验证带宽：' +
    rows.map((r) => `d = ${r.d}：${fmt(r.first)} 到 ${fmt(r.last)}`).join('；') +
    '。',
  curseReadout: (rows) =>
    `n = ${rows[0].n} 时：` +
    rows.map((r) => `d = ${r.d}，测试均方误差 ${fmt(r.mse)}，h = ${fmt(r.h)}`).join('；') +
    '。最佳速度：' +
    rows.map((r) => `n^(-4/${4 + r.d})`).join('，') +
    '。',
  qkLossCaption: '点积模型的留一损失，直到所选轮次',
  qkLoss: '留一损失',
  qkNow: '当前',
  qkWq: 'W_q',
  qkWk: 'W_k',
  qkHeatCaption: (e) => `训练 ${e} 轮后学到的点积模型的注意力`,
  qkReadout: (e, loss, mse, h, gauss, n) =>
    `第 ${e} 轮（${n} 个点）：留一损失 ${fmt(loss)}，测试均方误差 ${fmt(mse)}。` +
    `圆上使用留一交叉验证带宽 h = ${fmt(h)} 的高斯核：测试均方误差 ${fmt(gauss)}。`,
  bandLower: (level) => `${pct(level)} 置信带下界`,
  bandUpper: (level) => `${pct(level)} 置信带上界`,
  bandProbe: (x) => `x = ${fmt(x)} 处的置信带`,
  bandReadout: (level, sigma, z, x, fit, se, lo, hi, truth) =>
    `σ̂（Rice）= ${fmt(sigma)}，${pct(level)} 置信带的 z = ${fmt(z, 4)}。` +
    `在 x = ${fmt(x)} 处：f = ${fmt(fit)} ± ${fmt(z, 3)} × 标准误差 ${fmt(se)} = [${fmt(lo)}, ${fmt(hi)}]；` +
    `真实值 f(${fmt(x)}) = ${fmt(truth)} ` +
    (truth >= lo && truth <= hi
      ? '在置信带内。'
      : '在置信带之外：这是平滑带来的偏差，置信带并不衡量它。'),
  summaryBand: (level, x, lo, hi, truth) =>
    `拟合曲线周围的 ${pct(level)} 置信带。在 x = ${fmt(x)} 处，它从 ${fmt(lo)} 到 ${fmt(hi)}；该处的真实值为 ${fmt(truth)}。`,
  className: (c, lo, hi) =>
    `类别 ${c}（` +
    (lo === null
      ? `y < ${fmt(hi)}`
      : hi === null
        ? `y ≥ ${fmt(lo)}`
        : `${fmt(lo)} ≤ y < ${fmt(hi)}`) +
    '）',
  classProbability: (c) => `p${c}(q)`,
  classBoundaries: (ts) => `类别阈值（y = ${ts.map((t) => fmt(t)).join('，')}）`,
  classDataCaption: (n, classes) => `${n} 个训练样本，按标签 y 分成 ${classes} 类`,
  classProbCaption: (kernel, h) => `类别概率 p_c(q)，${kernel}，h = ${fmt(h)}`,
  classRegionsCaption: '决策区域：沿 x 方向概率最大的类别',
  classProbe: (x) => `查询 x = ${fmt(x)}（下方验证）`,
  axisProbability: '概率 p_c(q)',
  axisClass: '预测类别',
  classRegionLabel: (c) => `预测为类别 ${c}`,
  summaryRegions: (runs, more) =>
    '沿 x 方向的预测类别：' +
    runs.map((r) => `从 ${fmt(r.x0)} 到 ${fmt(r.x1)} 为类别 ${r.c}`).join('；') +
    (more > 0 ? `；另有 ${more} 个区域。` : '。'),
  summaryClassProb: (x, probs, c) =>
    `在 x = ${fmt(x)} 处，各类别的概率为 ${probs.map((p) => fmt(p)).join('、')}：预测为类别 ${c}。`,
  identityReadout: (x, probs, preds, diff, c) =>
    `在 x = ${fmt(x)} 处：nw.classify 给出 p = (${probs.map((p) => fmt(p, 6)).join(', ')})；` +
    `对独热值调用 nw.predict 给出 (${preds.map((p) => fmt(p, 6)).join(', ')})。` +
    `最大差异：${diff === 0 ? '0' : diff.toExponential(1)}。预测类别：${c}。`,

  editHelp:
    '单击添加样本点，拖动样本点可以移动它，双击（或按住 Shift 单击）样本点可以删除它。' +
    '键盘操作：让图获得焦点，←/→ 选择样本点，↑/↓ 上下移动，Shift+←/→ 左右移动，Delete 删除，+ 在旁边添加一个。',
  editChartLabel: '训练样本，可编辑。方向键选择和移动样本点，Delete 删除，加号添加。',
  editNone: (n) => `共 ${n} 个训练样本，未选中任何样本。`,
  editSelected: (i, n, x, y) =>
    `已选中第 ${i + 1} 个（共 ${n} 个）：x = ${fmt(x)}，y = ${fmt(y)}。`,
  editAdded: (x, y, n) => `已在 x = ${fmt(x)}，y = ${fmt(y)} 处添加样本；共 ${n} 个。`,
  editRemoved: (n) => `已删除一个样本；共 ${n} 个。`,
  editMinimum: (n) => `至少需要 ${n} 个样本。`,
  editOutOfRange: (key, value, min, max) =>
    `未添加：${key} = ${fmt(value)} 超出了编辑样本的范围 ${fmt(min)} 到 ${fmt(max)}。`,
  editMaximum: (n) => `最多只能编辑 ${numberText(n)} 个样本。`,
  dataCaption: (n, edited) => `${n} 个训练样本${edited ? '（已编辑）' : ''}和真实函数`,
  inspectorChartLabel: '预测曲线及所查看的查询。用左右方向键选择查询。',
  heatmapLabel: '注意力权重。用上下方向键选择要查看的查询所在的行。',
  inspectorSum: (q, terms, rest, restWeight, value) =>
    `f(${fmt(q)}) = ` +
    terms.map((t) => `${fmtWeight(t.w)} × ${t.y.toFixed(2)}`).join(' + ') +
    (rest > 0 ? ` + …（另有 ${rest} 项，权重合计 ${fmtWeight(restWeight)}）` : '') +
    ` = ${value.toFixed(2)}`,
  inspectorTitle: (q, k) => `查询 x = ${fmt(q)}：它在 ${k} 个键上的权重`,
  weightLegend: '训练样本（大小 ∝ 权重）',
  trainStatus: (e, total, w, loss) =>
    `第 ${e} 轮（共 ${total} 轮）：w = ${fmt(w)}，h = 1/|w| = ${fmt(1 / Math.abs(w))}` +
    (Number.isFinite(loss) ? `，损失 ${fmt(loss)}` : '（初始 w，尚未更新）'),
  progress: (done, total) => `正在计算… ${done} / ${total}`,
  budgetCut: (ran, asked, updates) =>
    `（在 ${updates} 次更新后停止（${asked} 轮中完成了 ${ran} 轮）：这是本页单次训练的计算预算；增大批量、减少数据点或使用高斯核可以运行更久。）`,
  diverged: '（最后一次更新溢出（学习率过大）：训练在其之前停止。）',
  landscapeMin: (w, loss) =>
    `最小值：w = ${fmt(w)}（h = ${fmt(1 / Math.abs(w))}），损失 ${fmt(loss)}`,
  landscapeNoMin: '没有最小值：损失随 w 增大一直下降',
  compareNp: (kernel, h) => `非参数：${kernel}，h = ${fmt(h)}`,
  compareP: (kernel, w, e) => `带参数：${kernel}，训练 ${e} 轮后 w = ${fmt(w)}`,
  mse: (v) => `测试均方误差 ${fmt(v)}`,

  summaryLines: (parts) => parts.join(''),
  summarySeries: (label, n, x0, x1, y0, y1) =>
    `${label}：${n} 个点，x 从 ${fmt(x0)} 到 ${fmt(x1)}，y 从 ${fmt(y0)} 到 ${fmt(y1)}。`,
  summaryEmpty: '尚未绘制数据。',
  summaryEdge: (label, n, edge) => `${label}：${n} 个点位于 ${edge}，画在图的边缘。`,
  summaryHeatmap: (rows, cols, q, key, w) =>
    `${rows} 个查询 × ${cols} 个键，每行之和为 1。x = ${fmt(q)} 处的查询把最多的注意力给了位于 ${fmt(key)} 的键（权重 ${fmt(w, 2)}）。`,
  summaryError: (err) => `预测误差（测试均方误差）为 ${fmt(err, 2)}。`,

  urlInvalid: (items) => `链接中有些设置无法使用，已改用默认值：${items.join('，')}。`,
  urlUnknown: (key) => `“${key}”（未知的设置）`,
  urlBadValue: (key, value) => `${key} = “${value}”`,
  urlTooLong: '链接过长',
  urlMore: (n) => `另有 ${numberText(n)} 项`,
  errorStart: '教程无法启动',
  errorSection: (msg) => `这张图无法计算：${msg}`,
  errorLayout: '页面结构',
  embedFrameTitle: (figure) => `注意力汇聚：${figure}`,
  exportPngTitle: '图表图片',
  exportCsvTitle: 'CSV 文件',
  exportHelp:
    '如果下载没有开始（有些嵌入页面或本地打开的页面会阻止下载），请使用这个链接，或复制下面的内容。',
  exportDownload: (name) => `下载 ${name}`,
  figureNames: {
    data: '数据',
    average: '平均汇聚',
    bandwidths: '三种带宽',
    heatmap: '注意力矩阵',
    inspector: '查询查看器',
    training: '训练过程',
    landscape: '损失曲面',
    compare: '非参数与带参数的对比',
    'compare-heatmaps': '两个注意力矩阵',
    'kernel-gallery': '核函数一览',
    kernels: '各种核函数的比较',
    widths: '不同带宽的比较',
    'bandwidth-choice': '如何选择带宽',
    'why-loo': '为什么要留一',
    consistency: '相合性',
    'confidence-band': '估计有多可靠',
    classification: '用注意力做分类',
  },
};
