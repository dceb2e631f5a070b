// Every user-visible string of the page in English: the article (HTML snippets authored here, with
// inline TeX between backslash-parentheses, typeset by web/build.mjs), the static labels of index.html (ui), and
// the strings the interactive code writes (functions take the numbers they format). zh.js has the
// same keys; tests/browser/course.test.cjs fails when one is missing.
import { fmt, fmtWeight, numberText } from '../views/format.js';

const html = String.raw;
/** A confidence level ('0.95' or 0.95) as a percentage ("95%"). */
const pct = (level) => `${Math.round(Number(level) * 100)}%`;

export default {
  meta: {
    code: 'en',
    htmlLang: 'en',
    title: 'Attention pooling: Nadaraya–Watson kernel regression',
    description:
      'An interactive tutorial of attention pooling (Nadaraya–Watson kernel regression), every figure computed live by a C++ core compiled to WebAssembly.',
  },

  ui: {
    qkEpochs: 'epoch',
    qkLabel: 'epochs of training of the dot model',
    qkOptions: 'training of the learned queries and keys',
    skip: 'Skip to the tutorial',
    kicker: 'Dive into Deep Learning · Attention mechanisms',
    title: 'Attention pooling: Nadaraya–Watson kernel regression',
    language: 'Language',
    settings: 'Settings',
    groupData: 'Data',
    groupModel: 'Model',
    newData: 'New data',
    resetData: 'Reset data',
    resetDataTitle: 'Discard edited points',
    seed: 'seed',
    nLabel: 'number of generated points n (logarithmic slider)',
    noise: 'noise',
    noiseLabel: 'noise σ',
    kernel: 'kernel',
    bandwidth: 'bandwidth',
    hSliderLabel: 'bandwidth h (logarithmic slider)',
    hLabel: 'bandwidth h',
    lrSliderLabel: 'learning rate η (logarithmic slider)',
    lrLabel: 'learning rate η',
    resetAll: 'Reset all',
    share: 'Share',
    shareTitle: 'Copy a link to this exact setting',
    shareFallback: 'Copy this link:',
    dismiss: 'Dismiss',
    editGroup: 'Edit the training points',
    removeMode: 'Remove mode',
    addAtX: 'add at x',
    addY: 'y',
    addYPlaceholder: 'f(x)',
    addPoint: 'Add point',
    training: 'Training',
    playback: 'Playback',
    play: '▶ Play',
    pause: '❚❚ Pause',
    step: 'Step +1 epoch',
    trainReset: 'Reset to w₀',
    speed: 'speed',
    epochsPerSecond: 'epochs/s',
    speedLabel: 'playback speed, epochs per second',
    trainingSettings: 'Training settings',
    lr: 'learning rate',
    epochs: 'epochs',
    batch: 'batch size (0 = all)',
    w0: html`<var>w</var><sub>0</sub> (empty = random)`,
    loo: 'leave-one-out keys',
    embedTitle: 'Embed this figure',
    embedHelp:
      'Paste this snippet into a course page (HTML block, Markdown cell or LMS page). It opens this figure with the current settings and only its own controls.',
    embedSnippet: 'Snippet',
    copy: 'Copy',
    copied: 'Copied.',
    copyManually: 'Selected: press Ctrl+C (⌘C) to copy.',
    close: 'Close',
    exportText: 'Or copy the text:',
    formula: 'Formula (scrolls sideways)',
    figureTools: 'Export or embed',
    exportPng: 'Image (PNG)',
    exportCsvData: 'Data (CSV)',
    exportCsvPredictions: 'Predictions (CSV)',
    exportCsvAttention: 'Attention matrix (CSV)',
    exportCsvKernel: 'Kernel values (CSV)',
    embed: 'Embed…',
    linkCopied: 'Link copied.',
    embedOpenFull: 'Open the full tutorial',
    level: 'confidence level',
    bandOptions: 'Band settings',
    classes: 'number of classes',
    classifyOptions: 'Classification settings',
    estimator: 'estimator',
    estLc: 'local constant (Nadaraya–Watson)',
    estLl: 'local linear',
  },

  art: {
    lede: html`Before transformers, before neural networks, there was a regression estimator from 1964 that
      already computes <em>attention</em>: a query looks at keys, turns similarities into weights that
      sum to one, and returns the weighted average of the values. This page rebuilds the chapter figure
      by figure. Every number is computed live, in your browser, by a small C++ library compiled to
      WebAssembly.`,
    part1: 'Part I · The chapter',
    part2: 'Part II · Kernels and bandwidths',
    part3: 'Part III · Beyond the chapter',
    part4: 'Part IV · Toward the attention of Transformers',
    intro: {
      h: 'Queries, keys and values',
      p1: html`We have \(n\) training pairs \((x_i, y_i)\) and want to predict \(y\) at a new input \(x\).
        Attention pooling reads the training inputs as <strong>keys</strong>, the labels as
        <strong>values</strong>, and the new input as a <strong>query</strong>. The prediction is a
        weighted average of the values, where the weight of pair \(i\) says how much the query
        <em>attends</em> to key \(x_i\):`,
      p2: html`Everything below is a choice of the weights \(\alpha\). Use the bar at the top to change the
        data, the kernel and the bandwidth: the figures follow.`,
    },
    data: {
      h: 'The data',
      p1: html`The <output data-out="count">50</output> training inputs are drawn uniformly from
        \([0, 5)\) and sorted; each label is the true function plus Gaussian noise of standard deviation
        \(\sigma\) = <output data-out="noise">0.5</output>. The test queries are the 50 points
        \(0, 0.1, \ldots, 4.9\).`,
      p2: html`The data are yours to change: add, drag and remove points on the chart, and every figure
        below refits. <em>Reset data</em> (at the top) brings the generated points back.`,
    },
    average: {
      h: 'Average pooling',
      p1: html`The laziest attention ignores the query: every key gets the same weight \(1/n\), so every
        prediction is the mean of the labels (here <output data-out="mean"></output>). It is the
        baseline any useful weighting has to beat.`,
    },
    bandwidths: {
      h: 'Nonparametric attention pooling',
      p1: html`Nadaraya and Watson weighted each pair by a <strong>kernel</strong> \(K\) of the distance
        between query and key, normalised to sum to one. With the Gaussian kernel the normalisation is
        exactly a <strong>softmax</strong> over the scores \(-\tfrac12\big((x - x_i)/h\big)^2\):`,
      p2: html`Nothing is learned: the estimator is the data plus one number, the
        <strong>bandwidth</strong> \(h\). A small \(h\) attends only to the nearest keys and follows
        the noise; a large \(h\) averages far and wide and flattens the curve towards average pooling.`,
    },
    heatmap: {
      h: 'Where the attention goes',
      p1: html`Stack the weights of all 50 test queries into a matrix: one row per query, one column per
        training key, both sorted. Each row sums to one. Because nearby inputs are similar, the weight
        sits on a band along the diagonal; its width is the bandwidth, here \(h\) =
        <output data-out="h">1</output>. Move the bandwidth slider at the top and watch the band. (The
        scores are shifted by their row maximum before exponentiating, so even a tiny \(h\) never turns
        the weights into 0/0.)`,
      p2: html`<strong>Inspect a query:</strong> point at the prediction (or at a row of the heatmap), or
        focus either chart and use the arrow keys. The training points grow with the weight that query
        gives them, and the prediction is written out as its weighted sum.`,
    },
    training: {
      h: 'Parametric attention pooling: learning the width',
      p1: html`Now let the model learn its width. Replace \(1/h\) by a parameter \(w\) and fit it by
        gradient descent. To train, every training input becomes a query that attends to the
        <em>other</em> \(n - 1\) pairs (<strong>leave-one-out</strong>: a point may not look at its own
        label), and the loss is the sum of the squared errors.`,
      p2: html`As in the chapter: \(w_0\) drawn from \(U[0, 1)\), learning rate \(\eta = 0.5\), 5 epochs
        of full-batch gradient descent. The gradient is exact (derived by hand in the C++ core, checked
        against finite differences). The loss plotted is the one computed before each update.`,
      p3: html`Right: the loss as a function of \(w\) for these data, and the path gradient descent takes
        on it, one dot per update. With leave-one-out keys the curve has a minimum (the LOO-CV
        bandwidth of section 11); switch leave-one-out off and the curve keeps falling as \(w\) grows,
        so \(w\) runs away. Stepping past the last epoch adds one.`,
    },
    parametric: {
      h: 'The parametric prediction, compared',
      p1: html`At test time each query attends to all \(n\) training pairs with the learned \(w\). The
        effective bandwidth is \(h = 1/|w|\): a learned \(w\) larger than 1 means a narrower kernel than
        the nonparametric figure's \(h = 1\), a curve that follows the data more closely — and, if it
        overshoots, the noise too. Left, the nonparametric prediction with the bandwidth of the
        controls; right, the parametric one with the \(w\) of the training run above (it follows the
        playback). The numbers are the mean squared error against the true \(f\) on the 50 test
        queries.`,
    },
    compareHeatmaps: {
      h: 'Two attention matrices',
      p1: html`The same queries and keys, nonparametric (left, bandwidth of the controls) against
        parametric (right, learned \(w\)). The sharper band on the right is the whole effect of
        training: learning \(w\) is learning how far each query should look.`,
    },
    kernelGallery: {
      h: 'A gallery of kernels',
      p1: html`Any non-negative function of the scaled distance \(u = (x - x_i)/h\) that peaks at 0 makes
        a kernel; its normalising constant cancels in the division. The Gaussian never reaches zero, the
        compact kernels give exactly zero weight beyond \(|u| = 1\), and the constant kernel is average
        pooling again. (The book's code calls the triangular kernel “Epanechikov”; the real
        Epanechnikov kernel is \(1 - u^2\).) Each shape below is \(k(u)\) as the library computes it
        (<code>nw.kernelValues</code>) on a grid of \(u\); a query's attention weights are these
        values at its keys, divided by their sum.`,
    },
    kernels: {
      h: 'Kernels compared',
      p1: html`Every kernel at the same bandwidth \(h\) = <output data-out="h">1</output>. Smooth kernels
        give smooth fits; the boxcar averages a window and jumps when a key enters or leaves it. When a
        compact kernel leaves a query with no key within \(h\), the query takes the value of its nearest
        key — the limit of every kernel as \(h \to 0\) — so the weights are never 0/0. The heatmaps
        share one colour scale: a wide kernel spreads its weight thin.`,
    },
    widths: {
      h: 'Widths compared',
      p1: html`The Gaussian kernel at \(h = 0.1, 0.2, 0.5\) and \(1\). The width matters far more than the
        shape: it trades variance (a narrow band that copies the noise) against bias (a wide band that
        flattens the hills of \(f\)). Each heatmap has its own colour scale.`,
    },
    bandwidthChoice: {
      h: 'Choosing the bandwidth',
      p1: html`Statistics libraries choose \(h\) by <strong>leave-one-out cross-validation</strong>:
        predict each training label from the other \(n - 1\) pairs and add up the squared errors.
        Compare with the training loss of section 5 — it is the same function, written with
        \(w = 1/h\):`,
      p2: html`So the chapter's model, trained with leave-one-out keys, <em>is</em> cross-validating its
        bandwidth: gradient descent on \(w\) walks down the LOO curve, and run to convergence it stops at
        a minimum of it (the one whose basin it lands in; the curve can have several). The chapter's 5
        epochs are not that: the loss sums \(n\) squared errors, so its gradient is large, and a
        learning rate of 0.5 throws \(w\) far past the minimum in the first step; from there it creeps
        back over hundreds of epochs. Silverman's rule of thumb ignores the labels altogether (it
        assumes a smooth, Gaussian-like density) and usually smooths more.`,
    },
    whyLoo: {
      h: 'Why leave one out?',
      p1: html`Train the same model, but let each training query attend to its own key too. As \(w\)
        grows, the query's own weight tends to 1 and its prediction to its own label: the loss can fall
        to zero by memorising the noise. Gradient descent obliges — \(w\) grows without bound and the
        fit interpolates every noisy point. Leaving the point out is what makes the training loss an
        honest estimate of the error on new data. Both runs below start from the same \(w_0\) and take
        200 epochs.`,
    },
    consistency: {
      h: 'More data: is the estimator consistent?',
      p1: html`The chapter's first exercise asks what more training data buys. Below, the error of the
        prediction against the true \(f\) (not the noisy labels) as \(n\) grows from 10 to 5000,
        averaged over several data sets, for the fixed bandwidth of the controls and for bandwidths
        chosen from each data set. With a fixed \(h\) the error levels off: the estimate converges to a
        <em>smoothed</em> \(f\), and the smoothing bias remains. Let \(h\) shrink as the data grows
        (LOO-CV, or Silverman's \(n^{-1/5}\)) and the error keeps falling, close to the best possible
        rate for this problem, \(n^{-4/5}\).`,
    },
    band: {
      h: 'How sure is the estimate?',
      p1: html`One curve does not say where it is sure and where it is guessing. The weights do. The
        prediction is a weighted average of noisy labels, \(f(q) = \sum_j a_j(q)\, y_j\); if each
        label carries independent noise of standard deviation \(\sigma\), the average carries noise
        of standard deviation \(\sigma\) times the length of the weight vector. That is the
        pointwise <strong>standard error</strong>, and the band is the fit plus or minus \(z\) of
        them (\(z\) the normal quantile of the level, 1.96 for 95%):`,
      p2: html`\(\sigma\) is estimated from the data by <strong>Rice's difference estimator</strong>:
        neighbouring labels (sorted by \(x\)) differ mostly by noise, so half their mean squared
        difference estimates \(\sigma^2\). It does not depend on \(h\); the weights do. With
        \(k\) equal weights \(\sum_j a_j^2 = 1/k\): a <strong>narrow</strong> \(h\) averages few
        labels and gives a <strong>wide</strong> band, a <strong>wide</strong> \(h\) averages many
        and gives a <strong>narrow</strong> one. The band is also wider at the ends of the data,
        where a query has neighbours on one side only.`,
      p3: html`<strong>The band covers the smoothed curve, not the truth.</strong> It measures the
        noise of the average, not its <em>bias</em>: a wide \(h\) flattens the hills of \(f\), and
        its narrow band then sits confidently beside the true curve (with the default settings the
        true \(f(2.5)\) lies above it: see the readout). Make \(h\) small and the band widens until it holds the
        truth again. Everything below comes from <code>nw.confidenceBand</code> for the kernel and
        \(h\) of the controls.`,
    },
    classify: {
      h: 'Attention for classification',
      p1: html`The second edition's first exercise: attention pooling classifies too. Give every
        training point a class \(c_j\) and replace its value by the <em>one-hot</em> vector of its
        class; the weighted average of one-hot vectors is a vector of class probabilities. This is
        the <strong>Parzen-window classifier</strong>, and for each class it is plain
        Nadaraya–Watson with the values \(y_j = [c_j = c]\) (1 for the points of class \(c\), 0
        for the others):`,
      p2: html`Here the task is made from the data on this page (by this page, not by the library):
        a point's class is the band of \(y\) its label falls in, cut at fixed thresholds (the
        legend gives them). The library's <code>nw.classify</code> computes the probabilities
        \(p_c(q)\) over the query grid with the kernel and \(h\) of the controls; the predicted
        class is the most probable one. A narrow \(h\) gives jagged probabilities and many small
        regions (each noisy point claims its neighbourhood); a wide \(h\) gives smooth curves and
        few regions, in the limit the majority class everywhere. Below the figures, the identity is
        checked at one query: <code>nw.classify</code> against <code>nw.predict</code> on the
        one-hot values.`,
    },
    boundary: {
      h: 'Boundary bias and local linear',
      p1: html`Look at the left end of any fit above: the truth starts at \(f(0) = 0\), and the
        Nadaraya–Watson curve starts well above it. That is <strong>boundary bias</strong>. The
        estimator is a weighted <em>average</em> of the labels near \(q\); inside the data the
        neighbours on the left and on the right balance, and the slope of \(f\) cancels out. At
        \(q = 0\) every key lies on one side, to the right, where \(f\) is larger: the average
        is pulled towards the inside, by about the slope times the mean distance of the keys, a
        bias of order \(h\) (inside, only of order \(h^2\)). The fix that statistics libraries
        use by default (statsmodels' <code>KernelReg</code>, R's <code>np</code>) is to fit a
        <strong>line</strong> instead of a constant with the same weights \(K_j =
        K((q - x_j)/h)\), and to take its value at \(q\):`,
      p2: html`A line follows the slope of \(f\), so the first-order term no longer biases the fit,
        at the boundary as inside. The prediction is still a weighted sum of the labels, with the
        <strong>equivalent kernel</strong> \(l_j(q)\) as the attention weights. They still sum to 1,
        but they are <strong>not</strong> a softmax: they can be <strong>negative</strong>. At a
        boundary query the far keys get negative weight; that is how the line extrapolates to the
        edge rather than averaging towards the middle.`,
      p3: html`Both charts use the data, the kernel and \(h\) of the controls. Left: the two fits and
        the truth (the estimator chosen in the controls is drawn thicker; it is also the one the
        band of section 14 uses). Right: the weights the boundary query \(x = 0\) gives each key,
        for both estimators, with the zero line. Below, the test MSE against \(f\), the prediction
        at \(x = 0\) and the LOO-CV bandwidth of each (<code>nw.selectBandwidth</code> with
        <code>estimator</code>). Local linear pays for its smaller bias with some variance: where
        the data are sparse or \(h\) small, its line can swing more than an average.`,
    },
    criteria: {
      h: 'Choosing h, three ways',
      p1: html`Everything above depends on \(h\), and the data do not come with one. Statistics
        offers three common ways to choose it, and they answer different questions.
        <strong>Leave-one-out cross-validation</strong> (section 11) predicts each label from all the
        others and adds up the squared errors: it asks how well \(h\) predicts a point it has not
        seen. <strong>AIC<sub>c</sub></strong> (Hurvich, Simonoff and Tsai 1998; statsmodels'
        <code>bw='aic'</code>) looks at the ordinary in-sample fit, which always improves as \(h\)
        shrinks, and charges for it: the smoother matrix \(H\) maps the labels to the fitted
        values, and its trace \(\operatorname{tr} H = \sum_i a_i(x_i)\), the weight each point
        gives itself, counts the <em>effective number of parameters</em> (1 for average pooling,
        \(n\) for a fit through every point). <strong>Silverman's rule</strong> never looks at the
        labels: it sizes \(h\) from the spread of the keys and \(n\) alone.`,
      p2: html`Left: the LOO loss over \(h\); right: AIC<sub>c</sub> over \(h\), for the data, the
        kernel and the estimator of the controls (switch the estimator to local linear and both
        curves change: its smoother has its own \(H\)). Each chart marks all three choices: the
        minimum of its own curve, the other criterion's choice and Silverman's \(h\). Where
        \(\operatorname{tr} H + 2 \ge n\) the fit all but interpolates and AIC<sub>c</sub> is
        infinite: its curve stops. Both minima are global (<code>nw.selectBandwidth</code> with
        <code>method: 'loo-cv'</code> or <code>'aic'</code>; the curves are <code>nw.looCurve</code>
        and <code>nw.aicCurve</code>). The two criteria usually land close together; Silverman's
        rule, built for smooth densities rather than for this \(f\), can be far off. The readout
        gives the test error against the true \(f\) of the fit at each choice.`,
    },
    sphere: {
      h: 'The Gaussian kernel is dot-product attention on the sphere',
      p1: html`A Transformer scores a key by a <strong>dot product</strong> with the query, not by a
        distance. The second edition's third exercise shows that the two are the same thing once
        every vector has length 1. Put each input on the unit circle, \(x \mapsto (\cos 2\pi x/5,
        \sin 2\pi x/5)\), the keys and the queries alike. For unit vectors the squared distance is
        a dot product in disguise:`,
      p2: html`The factor \(e^{-1/h^2}\) is the same for every key, so it cancels when the weights
        are normalised: the Gaussian attention weights on the sphere <em>are</em> the softmax of the
        scores \(q \cdot x_j / h^2\), dot-product attention with the temperature \(h^2\) (a
        Transformer divides by \(\sqrt{d}\) instead). Below, the data on the circle, then the
        attention matrix computed both ways by the library (<code>nw.attentionHeatmap</code> with
        <code>dims: 2</code>: distance scores, then <code>score: 'dot'</code>) on one colour scale.
        The readout gives the largest difference between the two full matrices: rounding, about
        \(10^{-17}\). One thing did change: on the circle \(x = 0\) and \(x = 5\) are
        neighbours, so the fit wraps around at the ends. The point here is the identity, not a
        better fit.`,
    },
    relevance: {
      h: 'Two inputs, one irrelevant: learning where to look',
      p1: html`Give every point a second input \(x_2\) that has nothing to do with the label:
        \(y = f(x_1) + \varepsilon\), with \(x_1\) and \(x_2\) both uniform on \([0, 5)\). A
        Gaussian kernel with one bandwidth for both inputs weighs a <em>disc</em> around the query:
        it averages points whose \(x_1\) is far off just because their \(x_2\) happens to be close.
        Give the kernel one scale per input instead, \(u_k = w_k (q_k - x_k)\), and train the two
        scales by SGD on the leave-one-out loss, as the chapter trains its one \(w\):`,
      p2: html`The gradient of the loss pushes \(w_2\) towards 0: distance along \(x_2\) stops
        counting, its width \(1/|w_2|\) grows without bound, and the weights spread into a
        <em>stripe</em> along \(x_2\), narrow along \(x_1\). The model has learned where to look.
        This is what the learned query and key projections of a Transformer do on a larger scale.
        Left: the attention of the query with one bandwidth for both inputs (the leave-one-out
        choice in two dimensions, <code>nw.selectBandwidth</code> with <code>dims: 2</code>); middle:
        with the two trained scales (<code>nw.trainAttention</code>, <code>model: 'diagonal'</code>);
        right: the training loss. <strong>Drag the query</strong> (or focus a plane and use the
        arrow keys). Below, the widths, both predictions at the query against the truth, and the
        test error of both on 500 fresh points: the learned model's is lower.`,
    },
    curse: {
      h: 'The curse of dimensionality',
      p1: html`The second edition's fourth exercise asks how the bandwidth must shrink as the data
        grow, and whether that depends on the dimension. Below, \(d = 1\), \(2\) and \(4\)
        inputs, every one relevant (\(y\) is the mean of \(f\) over the coordinates), \(n\)
        from 20 to 160 training points, and for each the Gaussian estimator with its leave-one-out
        bandwidth in \(d\) dimensions, tested against the true function (two data sets each, the
        seed and noise of the controls). Theory says the best possible error of a smooth function
        falls like`,
      p2: html`because a ball of radius \(h\) holds a fraction \(h^d\) of the data: to keep
        enough points in it, \(h\) may shrink only slowly, like \(n^{-1/(4+d)}\), and the bias
        \(h^2\) decides the rate. The dotted lines have these slopes. More inputs, the same
        function: the error falls more slowly, and the chosen \(h\) (right) stays larger. To halve the error, \(d = 1\) needs \(2^{5/4} \approx 2.4\) times the data, \(d = 4\) four
        times (\(2^{(4+d)/4}\)); at \(d = 20\) it would take 64 times.
        Attention in a Transformer escapes this by <em>learning</em> where to look (section 19):
        the scores compare learned projections, not raw distances in every coordinate.`,
    },
    qk: {
      h: 'Learned queries and keys: the attention head of a Transformer',
      p1: html`Section 18 showed that on the unit circle the Gaussian kernel is the softmax of the dot
        products \(q \cdot x_j / h^2\). A Transformer goes one step further: it does not fix the
        similarity, it <em>learns</em> it. The query and the keys are first multiplied by learned
        matrices, and the score is their scaled dot product:`,
      p2: html`Here \(W_q\) and \(W_k\) are \(2 \times 2\), started at random, and trained by SGD
        on the leave-one-out loss of the page's data put on the circle (<code>nw.trainAttention</code>,
        <code>model: 'dot'</code>, at most 200 points). Press <strong>Play</strong> to watch the run
        epoch by epoch (the matrices change, the attention takes shape), or move the
        <strong>epoch</strong> slider. At 0
        the random projections give a blurred, lopsided attention. Training does not rediscover the
        Gaussian's band along the diagonal (that would need \(W_q^\top W_k\) proportional to the
        identity): it finds a similarity of its own, fitted to this \(f\). Queries in the middle of
        the range attend to the keys where \(f\) is high, queries near the ends to the ends (which
        meet on the circle), and the test error ends near, here below, the Gaussian kernel's with its
        leave-one-out bandwidth (the readout). What is the same as a Transformer's attention head:
        learned query and key projections, scaled dot products, a softmax over the keys, a weighted
        sum of values. What is not: there is no learned value projection (the values are the labels),
        one head, no positional encoding, and one input per token instead of a sequence.`,
    },
    exercises: {
      h: 'Exercises',
      p1: html`The chapter's exercises, from both editions of the book. Each has a link that sets the
        page to a state that answers it (the other settings go back to their defaults) and takes you
        to the section; the answers open on demand.`,
      edition1: 'First edition, exercise',
      edition2: 'Second edition, exercise',
      answer: 'Show the answer',
      ed1_1: {
        q: html`Increase the number of training examples. Can you learn nonparametric
          Nadaraya–Watson kernel regression better?`,
        try: 'Try it: 1,000 points, and the consistency study',
        a: html`Only if the bandwidth shrinks as the data grow. With a fixed \(h\) the test error
          levels off: the estimate converges to a <em>smoothed</em> \(f\), and that bias stays. With
          \(h\) chosen from each data set (leave-one-out, or Silverman's \(n^{-1/5}\)) the error
          keeps falling, close to the best possible rate \(n^{-4/5}\). Section 13 draws both.`,
      },
      ed1_2: {
        q: html`What is the value of the learned \(w\) in the parametric attention pooling
          experiment? Why does it make the weighted region sharper in the attention weights?`,
        try: "Try it: the chapter's training run",
        a: html`With the chapter's settings the first update throws \(w\) from its random start to
          about 18 (section 5 gives the value for the data on the page): \(h = 1/|w| \approx
          0.06\). The weight \(\exp(-(w (q - x_i))^2 / 2)\) is then negligible beyond about
          \(2/w \approx 0.1\) from the query, so each query spends its weight on a few nearby keys:
          a narrow band along the diagonal of the heatmap. A large \(w\) is a small bandwidth. Later
          epochs bring \(w\) back towards the leave-one-out optimum (section 11).`,
      },
      ed1_3: {
        q: html`How can we add hyperparameters to nonparametric Nadaraya–Watson kernel regression to
          predict better?`,
        try: 'Try it: h = 0.3, about the leave-one-out choice',
        a: html`The bandwidth \(h\) (the width of the kernel), and the kernel's shape. Choosing
          \(h\) by leave-one-out cross-validation (section 11), AIC<sub>c</sub> or Silverman's rule
          (section 17) instead of \(h = 1\) cuts the test error on the default data from 0.43 to about
          0.16; the
          kernels section compares shapes at the same \(h\). Local linear regression (section 16)
          removes the boundary bias.`,
      },
      ed1_4: {
        q: html`Design another parametric attention pooling for the kernel regression of this section.
          Train this new model and visualize its attention weights.`,
        try: 'Try it: one width per input, trained',
        a: html`For example one width per input, \(u_k = w_k (q_k - x_k)\), trained by SGD on the
          leave-one-out loss: with two inputs of which only one matters, it learns to ignore the
          other (section 19 draws its attention over the plane). <code>nw.trainAttention</code> also
          trains a full matrix \(W\) and learned query and key projections (scaled dot-product
          attention, <code>model: 'dot'</code>).`,
      },
      ed2_1: {
        q: html`Parzen window density estimates are \(\hat p(x) = \frac1n \sum_i k(x, x_i)\).
          Prove that for binary classification the function \(\hat p(x, y = 1) - \hat p(x, y =
          -1)\), as obtained by Parzen windows, is equivalent to Nadaraya–Watson classification.`,
        try: 'Try it: two classes',
        a: html`\(\hat p(x, y = 1) - \hat p(x, y = -1)\) equals \(\frac1n \sum_i k(x, x_i)\, y_i\)
          with \(y_i = \pm 1\). Divide by \(\hat p(x) = \frac1n \sum_i k(x, x_i) > 0\): the sign does
          not change, and the quotient is \(\sum_i a_i(x)\, y_i\), Nadaraya–Watson regression on
          the labels \(\pm 1\), equal to \(\hat p(y = 1 \mid x) - \hat p(y = -1 \mid x)\). Both
          classify by its sign. Section 15 checks the identity with one-hot values.`,
      },
      ed2_2: {
        q: html`Implement stochastic gradient descent to learn a good value for the kernel widths.
          What happens if you minimize \((f(x_i) - y_i)^2\) directly? Remove \((x_i, y_i)\) from
          the estimate of \(f(x_i)\) and optimize over the widths: do you still see overfitting?`,
        try: 'Try it: with and without leave-one-out',
        a: html`With its own key among the keys, each point can predict itself: the loss falls
          towards 0 as \(w \to \infty\) (\(h \to 0\)), and SGD runs off to a fit that interpolates
          the noise. Leaving the point out removes that: the leave-one-out loss has its minimum at a
          finite \(w\), the leave-one-out bandwidth, and training converges there (sections 11 and
          12).`,
      },
      ed2_3: {
        q: html`Assume that all \(x\) lie on the unit sphere, \(\lVert x \rVert = 1\). Can you
          simplify the \(\lVert x - x_i \rVert^2\) term in the exponential?`,
        try: 'Try it: the data on the circle',
        a: html`\(\lVert x - x_i \rVert^2 = 2 - 2\, x \cdot x_i\), so \(\exp(-\lVert x - x_i
          \rVert^2 / 2h^2)\) equals \(e^{-1/h^2} \exp(x \cdot x_i / h^2)\): the first factor cancels when the
          weights are normalised, and the weights are the softmax of the dot products \(x \cdot x_i /
          h^2\): dot-product attention. Section 18 computes both.`,
      },
      ed2_4: {
        q: html`Nadaraya–Watson estimation is consistent. How quickly should you reduce the scale of
          the attention as you get more data? Does it depend on the dimension of the data?`,
        try: 'Try it: d = 1, 2 and 4',
        a: html`The squared bias grows like \(h^4\), the variance like \(1/(n h^d)\) (a ball of radius
          \(h\) holds a fraction \(h^d\) of the points). Balancing them: \(h \sim n^{-1/(4+d)}\)
          and an error \(\sim n^{-4/(4+d)}\). So yes: in more dimensions \(h\) must shrink more
          slowly and the error falls more slowly, the curse of dimensionality (section 20; section 13
          for \(d = 1\)).`,
      },
    },
    footer: html`Computed by <code>nadaraya-watson.js</code> <span id="version"></span> (C++17 and Eigen,
      compiled to WebAssembly). Charts by Chart.js, formulas by KaTeX. Based on the chapter “Attention
      Pooling: Nadaraya–Watson Kernel Regression” of <cite>Dive into Deep Learning</cite>.`,
  },

  kernelNames: {
    gaussian: 'Gaussian',
    boxcar: 'boxcar',
    epanechnikov: 'Epanechnikov',
    triangular: 'triangular',
    tricube: 'tricube',
    cosine: 'cosine',
    constant: 'constant',
  },
  /** Where a compact kernel is non-zero (appended to its formula in the gallery). */
  onSupport: 'for |u| ≤ 1',

  // ---- figures: captions, axis titles, legends ----
  axisX: 'x',
  axisY: 'y',
  trainingData: 'Training data',
  truth: 'Truth',
  prediction: 'Prediction',
  queryMarker: 'f(query)',
  heatKeys: 'Sorted training inputs (keys)',
  heatQueries: 'Sorted test inputs (queries)',
  attentionWeight: 'attention weight',
  colorScale: (title, max) =>
    `colour scale: ${title} from 0 (lightest) to ${fmt(max, 2)} (darkest)`,
  heatCell: (q, k, v) => `query ${q}, key ${k}: weight ${fmt(v)}`,
  averageCaption: 'Average pooling: a flat line',
  averageLabel: 'Average pooling',
  bandwidthCaption: (h, kernel, err) => `h = ${h} (${kernel}): test MSE ${fmt(err)}`,
  heatmapCaption: (kernel, h) => `Attention weights, ${kernel} kernel, h = ${fmt(h)}`,
  inspectorCaption: (err) => `Its prediction: test MSE ${fmt(err)}`,
  attentionCaption: 'Attention weights',
  lossPerEpoch: 'Training loss per epoch',
  trainingLoss: 'Training loss',
  axisEpoch: 'epoch',
  axisLossSum: 'loss (sum of squared errors)',
  landscapeCaption: 'Loss landscape',
  axisAbsW: '|w| (log scale)',
  axisLossW: 'loss L(w) (log scale)',
  curveL: 'L(w)',
  sgdPath: 'SGD path',
  currentW: 'current w',
  minimum: 'minimum',
  landscapeLoo: 'Leave-one-out',
  landscapeOwn: 'Own key included',
  offChart: (w) => ` (|w| = ${fmt(w)} is off the chart)`,
  trainingReadout: (kernel, w0, epochs, steps, w, minibatch) =>
    `${kernel} kernel, w0 = ${fmt(w0)}, after ${epochs} epochs (${steps} updates): w = ${fmt(w)}, so h = 1/|w| = ${fmt(1 / Math.abs(w))}.` +
    (minibatch
      ? ' Every epoch reshuffles the minibatches, drawn from one random stream seeded by the data seed: the same run as nw.trainParametric.'
      : ''),
  nonparametric: 'Nonparametric',
  parametric: 'Parametric',
  testMse: 'test MSE ',
  verdictParam: (mb, ma) =>
    `The trained model is closer to the true function (MSE ${fmt(mb)} against ${fmt(ma)}).`,
  verdictNp: (h, ma, mb) =>
    `The bandwidth h = ${fmt(h)} beats the trained model here (MSE ${fmt(ma)} against ${fmt(mb)}).`,
  compareNpHeat: (kernel, h) => `Nonparametric, ${kernel}, h = ${fmt(h)}`,
  comparePHeat: (kernel, w, e) =>
    `Parametric, ${kernel}, w = ${fmt(w)} after ${e} epochs (h = ${fmt(1 / Math.abs(w))})`,
  axisU: 'u',
  axisKu: 'k(u)',
  cardPrediction: (title) => `${title}: prediction`,
  cardAttention: (title) => `${title}: attention`,
  looCurveCaption: 'Leave-one-out loss over the bandwidth',
  looCurveCaptionSelect: 'Leave-one-out loss over the bandwidth (minimum: selectBandwidth)',
  axisHLog: 'bandwidth h (log scale)',
  axisLooLoss: 'LOO loss',
  looLoss: 'LOO loss',
  looCvMin: 'LOO-CV minimum',
  silvermanRule: "Silverman's rule",
  trainedChapter: 'trained, chapter epochs',
  trainedConverged: 'trained to convergence',
  labelTrainedChapter: (e, h) => `trained, ${e} epochs: h = ${fmt(h)}`,
  labelTrainedConverged: (h) => `trained to convergence: h = ${fmt(h)}`,
  labelCv: (h) => `LOO-CV minimum: h = ${fmt(h)}`,
  labelSilverman: (h) => `Silverman: h = ${fmt(h)}`,
  hTrajectoryCaption: 'h = 1/|w| during training',
  axisUpdateLog: 'SGD update (log scale)',
  axisHTrained: 'h = 1/|w| (log scale)',
  trainedH: 'trained 1/|w|',
  looCvH: 'LOO-CV h',
  progressLoo: 'LOO curve',
  progressTraining: 'training',
  progressConverge: 'training to convergence',
  choiceReadout: (w0, lr, w, epochs, converged, convEpochs, hv, hcv) =>
    `Starting from w0 = ${fmt(w0)} (h = ${fmt(1 / Math.abs(w0))}), SGD with learning rate ${fmt(lr)} reached w = ${fmt(w)} after ${epochs} epochs; run on, it ` +
    (converged ? `converged after ${convEpochs} epochs` : `was stopped at ${convEpochs} epochs`) +
    ` at h = ${fmt(hv)}. The LOO-CV minimum is h = ${fmt(hcv)}.`,
  whyLooW: '|w| per epoch',
  whyLooFewer: (e, n) =>
    `Training loss per epoch (the first ${e} epochs: at n = ${n} each epoch is a full pass)`,
  thinNote: (shown, total) =>
    `showing ${numberText(shown)} of ${numberText(total)} points (an evenly spread subset; every point is used in the computations)`,
  heatBinnedNote: (rows, cols, m, n) =>
    `${rows} × ${cols} cells for ${m} queries × ${numberText(n)} keys: each cell sums the weights of about ${Math.round(n / cols)} neighbouring sorted keys` +
    (rows < m ? ` and averages about ${Math.round(m / rows)} neighbouring queries` : '') +
    ', so each row still sums to 1',
  editLargeOff: (max, n) =>
    `Editing by hand works up to ${numberText(max)} points; with n = ${numberText(n)} the chart is for looking only (lower n to edit).`,
  whyLooFit: 'The two fits after training',
  axisLossLog: 'loss (log scale)',
  axisAbsWLog: '|w| (log scale)',
  // A log axis that cannot show 0 turns linear while the data hold a 0 (see views/line-chart.js).
  axisLossLinear: 'loss (linear scale)',
  axisLossWLinear: 'loss L(w) (linear scale)',
  axisAbsWLinear: '|w| (linear scale)',
  axisHLinear: 'h = 1/|w| (linear scale)',
  zeroLossNote:
    'Linear scale: some losses are exactly 0 (each point is predicted exactly), which a log scale cannot show.',
  zeroWNote:
    'Linear scale: |w| is 0 here (w = 0: h = ∞, average pooling), which a log scale cannot show.',
  hInfinite: 'h = ∞ (w = 0)',
  heatOwnScale: (max, shared) =>
    `Own colour scale, 0 to ${fmt(max, 2)}: these weights are small beside the other heatmaps' (up to ${fmt(shared, 2)}) and would be white on their scale.`,
  leaveOneOut: 'leave-one-out',
  ownKey: 'own key included',
  whyLooLabel: (what, w, err) => `${what}: w = ${fmt(w)}, test MSE ${fmt(err)}`,
  consistencyCaption: 'Test error as n grows',
  axisNLog: 'number of training points n (log scale)',
  axisMseLog: 'test MSE against f (log scale)',
  fixedH: 'fixed h',
  silvermanH: "Silverman's h",
  slope: 'slope n^(-4/5)',
  computingN: (n) => `Computing n = ${n} …`,
  consistencyResult: (kernel, noise, n, h, fixed, cv, sil) =>
    `${kernel} kernel, noise ${fmt(noise)}; at n = ${n}: fixed h = ${fmt(h)} gives MSE ${fmt(fixed)}, LOO-CV ${fmt(cv)}, Silverman ${fmt(sil)}`,

  bandCaption: (kernel, h, level, est) =>
    `${kernel} kernel, h = ${fmt(h)}, ${est}: the fit and its ${pct(level)} band`,
  bandFit: 'Fit f(q)',
  estimatorName: (e) => (e === 'll' ? 'local linear' : 'local constant (Nadaraya–Watson)'),
  estimatorWeights: (e) =>
    e === 'll' ? 'local linear: equivalent kernel l_j(0)' : 'local constant: a_j(0)',
  zeroWeight: 'weight 0',
  axisKeyX: 'key x_j',
  axisWeight: 'weight of the key',
  boundaryFitCaption: (kernel, h) =>
    `${kernel} kernel, h = ${fmt(h)}: local constant and local linear on the same data`,
  boundaryWeightsCaption: (x, kernel, h) =>
    `The weights of the query x = ${fmt(x)} on each key (${kernel} kernel, h = ${fmt(h)})`,
  summaryBoundaryFits: (x, lc, ll, truth, lcMse, llMse) =>
    `At x = ${fmt(x)} the truth is ${fmt(truth)}; local constant predicts ${fmt(lc)}, local linear ${fmt(ll)}. Test MSE: local constant ${fmt(lcMse)}, local linear ${fmt(llMse)}.`,
  summaryBoundaryWeights: (x, negative, n, min, at) =>
    `The local-linear weights of the query x = ${fmt(x)}: ${negative} of ${n} are negative, the smallest ${fmtWeight(min)} on the key at x = ${fmt(at)}. The local-constant weights are never negative.`,
  boundaryReadout: (est, x, truth, lc, ll, lcMse, llMse, lcH, llH, min, at) =>
    `At x = ${fmt(x)} (truth f(${fmt(x)}) = ${fmt(truth)}): local constant ${fmt(lc)}, local linear ${fmt(ll)}. ` +
    `Test MSE against f: local constant ${fmt(lcMse)}, local linear ${fmt(llMse)}. ` +
    `LOO-CV bandwidth: local constant ` +
    (lcH === null ? '…' : `h = ${fmt(lcH)}`) +
    ', local linear ' +
    (llH === null
      ? '…'
      : Number.isNaN(llH)
        ? 'not searched above 20,000 points (seconds of work)'
        : `h = ${fmt(llH)}`) +
    `. The smallest local-linear weight of x = ${fmt(x)} is ${fmtWeight(min)} (key x = ${fmt(at)}). ` +
    `The controls' estimator: ${est === 'll' ? 'local linear' : 'local constant'}.`,
  axisAic: 'AIC_c',
  aicCurveLabel: 'AIC_c',
  aicInfinite: 'AIC_c = ∞ (tr H + 2 ≥ n)',
  criterionName: (c) => (c === 'aic' ? 'AIC_c curve' : 'LOO curve'),
  criteriaMark: (mark, h) =>
    `${{ loo: 'LOO-CV', aic: 'AIC_c', silverman: 'Silverman' }[mark]}: h = ${fmt(h)}`,
  criteriaLooCaption: (kernel, est) => `LOO loss over h (${kernel} kernel, ${est})`,
  criteriaAicCaption: (kernel, est) => `AIC_c over h (${kernel} kernel, ${est})`,
  summaryCriteria: (loo, aic, sil) =>
    `Bandwidths chosen: LOO-CV h = ${fmt(loo)}, AIC_c h = ${fmt(aic)}, Silverman h = ${fmt(sil)}.`,
  criteriaReadout: (est, hs, mse, aic) =>
    `${est === 'll' ? 'Local linear' : 'Local constant'}: LOO-CV chooses h = ${fmt(hs.loo)} (test MSE ${fmt(mse.loo)}), ` +
    `AIC_c chooses h = ${fmt(hs.aic)} (AIC_c ${fmt(aic)}, test MSE ${fmt(mse.aic)}), ` +
    `Silverman's rule gives h = ${fmt(hs.silverman)} (test MSE ${fmt(mse.silverman)}).`,
  axisCircleCos: 'cos(2πx/5)',
  axisCircleSin: 'sin(2πx/5)',
  sphereKeys: 'Training inputs on the circle',
  sphereProbe: (x) => `the query x = ${fmt(x)}`,
  sphereCircleCaption: (n) => `The ${n} training inputs and the query on the unit circle`,
  sphereGaussCaption: (h) => `Gaussian kernel of the distance, h = ${fmt(h)}`,
  sphereDotCaption: (h) => `Softmax of the dot products q · x / h², h = ${fmt(h)}`,
  summarySphereCircle: (n, x) =>
    `The ${n} training inputs lie on the unit circle at angle 2πx/5; the query x = ${fmt(x)} is at the opposite side from x = 0.`,
  sphereReadout: (h, diff, full, x, g, d) =>
    `h = ${fmt(h)}: the largest difference between the two attention matrices is ${diff.toExponential(1)} ` +
    `(${full ? 'over every cell' : 'over the binned cells'}). ` +
    `The prediction at x = ${fmt(x)}: Gaussian ${fmt(g, 6)}, dot product ${fmt(d, 6)}.`,
  axisFirstInput: 'x1 (relevant)',
  axisSecondInput: 'x2 (irrelevant)',
  trainingInputs: 'Training inputs',
  planeQuery: 'the query q',
  planeLabel:
    'The plane of the two inputs with the weights of the query; drag the query, or use the arrow keys',
  relevanceLossCaption: 'Leave-one-out loss of the diagonal model during training',
  relevanceLoss: 'LOO loss',
  relevanceIsoCaption: (h) => `One bandwidth for both inputs: h = ${fmt(h)} (LOO-CV)`,
  relevanceDiagCaption: (h1, h2) =>
    `Learned widths: h1 = ${fmt(h1)}, h2 = ${Number.isFinite(h2) ? fmt(h2) : '∞'}`,
  summaryRelevance: (q, at, truth) =>
    `At the query (${fmt(q[0])}, ${fmt(q[1])}) the prediction is ${fmt(at)}; the truth is ${fmt(truth)}.`,
  relevanceReadout: (r) =>
    `${r.n} points${r.capped ? ' (the plane takes at most 400)' : ''}. One bandwidth: h = ${fmt(r.h)}. ` +
    `Learned scales w1 = ${fmt(r.w1)}, w2 = ${fmt(r.w2)}: widths ${fmt(1 / Math.abs(r.w1))} along x1 and ` +
    `${r.w2 === 0 ? '∞' : fmt(1 / Math.abs(r.w2))} along x2. At q = (${fmt(r.q[0])}, ${fmt(r.q[1])}) ` +
    `the truth is ${fmt(r.truth)}: one bandwidth predicts ${fmt(r.isoAt)}, the learned widths ${fmt(r.diagAt)}. ` +
    `Test MSE on 500 fresh points: one bandwidth ${fmt(r.isoMse)}, learned widths ${fmt(r.diagMse)}.`,
  curseErrorCaption: 'Test error against n with LOO-CV bandwidths, for d = 1, 2, 4',
  curseBandwidthCaption: 'The LOO-CV bandwidth against n',
  curseDims: (d) => `d = ${d}`,
  curseRate: (d) => `n^(-4/${4 + d})`,
  axisHLogOnly: 'bandwidth h (log scale)',
  progressComputing: 'computing…',
  summaryCurse: (rows) =>
    'Test MSE from the smallest to the largest n: ' +
    rows.map((r) => `d = ${r.d}: ${fmt(r.first)} to ${fmt(r.last)}`).join('; ') +
    '.',
  summaryCurseBandwidth: (rows) =>
    'LOO-CV bandwidth from the smallest to the largest n: ' +
    rows.map((r) => `d = ${r.d}: ${fmt(r.first)} to ${fmt(r.last)}`).join('; ') +
    '.',
  curseReadout: (rows) =>
    `At n = ${rows[0].n}: ` +
    rows.map((r) => `d = ${r.d}, test MSE ${fmt(r.mse)} with h = ${fmt(r.h)}`).join('; ') +
    '. Optimal rates: ' +
    rows.map((r) => `n^(-4/${4 + r.d})`).join(', ') +
    '.',
  qkLossCaption: 'Leave-one-out loss of the dot model, up to the chosen epoch',
  qkLoss: 'LOO loss',
  qkNow: 'now',
  qkWq: 'W_q',
  qkWk: 'W_k',
  qkHeatCaption: (e) => `Attention of the learned dot model after ${e} epoch${e === 1 ? '' : 's'}`,
  qkReadout: (e, loss, mse, h, gauss, n) =>
    `Epoch ${e} (${n} points): LOO loss ${fmt(loss)}, test MSE ${fmt(mse)}. ` +
    `The Gaussian kernel on the circle with its LOO-CV h = ${fmt(h)}: test MSE ${fmt(gauss)}.`,
  bandLower: (level) => `lower end of the ${pct(level)} band`,
  bandUpper: (level) => `upper end of the ${pct(level)} band`,
  bandProbe: (x) => `the band at x = ${fmt(x)}`,
  bandReadout: (level, sigma, z, x, fit, se, lo, hi, truth) =>
    `σ̂ (Rice) = ${fmt(sigma)}, z = ${fmt(z, 4)} for a ${pct(level)} band. ` +
    `At x = ${fmt(x)}: f = ${fmt(fit)} ± ${fmt(z, 3)} × se ${fmt(se)} = [${fmt(lo)}, ${fmt(hi)}]; ` +
    `the true f(${fmt(x)}) = ${fmt(truth)} is ` +
    (truth >= lo && truth <= hi
      ? 'inside the band.'
      : 'outside it: the smoothing bias, which the band does not measure.'),
  summaryBand: (level, x, lo, hi, truth) =>
    `${pct(level)} band around the fit. At x = ${fmt(x)} it runs from ${fmt(lo)} to ${fmt(hi)}; the true value there is ${fmt(truth)}.`,
  className: (c, lo, hi) =>
    `class ${c} (` +
    (lo === null
      ? `y < ${fmt(hi)}`
      : hi === null
        ? `y ≥ ${fmt(lo)}`
        : `${fmt(lo)} ≤ y < ${fmt(hi)}`) +
    ')',
  classProbability: (c) => `p${c}(q)`,
  classBoundaries: (ts) => `class thresholds (y = ${ts.map((t) => fmt(t)).join(', ')})`,
  classDataCaption: (n, classes) => `${n} training points in ${classes} classes by their label y`,
  classProbCaption: (kernel, h) => `Class probabilities p_c(q), ${kernel} kernel, h = ${fmt(h)}`,
  classRegionsCaption: 'Decision regions: the most probable class along x',
  classProbe: (x) => `query x = ${fmt(x)} (checked below)`,
  axisProbability: 'probability p_c(q)',
  axisClass: 'predicted class',
  classRegionLabel: (c) => `predicted class ${c}`,
  summaryRegions: (runs, more) =>
    'Predicted class along x: ' +
    runs.map((r) => `class ${r.c} from ${fmt(r.x0)} to ${fmt(r.x1)}`).join('; ') +
    (more > 0 ? `; and ${more} more regions.` : '.'),
  summaryClassProb: (x, probs, c) =>
    `At x = ${fmt(x)} the probabilities are ${probs.map((p) => fmt(p)).join(', ')}: class ${c} is predicted.`,
  identityReadout: (x, probs, preds, diff, c) =>
    `At x = ${fmt(x)}: nw.classify gives p = (${probs.map((p) => fmt(p, 6)).join(', ')}); ` +
    `nw.predict on the one-hot values gives (${preds.map((p) => fmt(p, 6)).join(', ')}). ` +
    `Largest difference: ${diff === 0 ? '0' : diff.toExponential(1)}. Predicted class: ${c}.`,

  // ---- interaction ----
  editHelp:
    'Click to add a point, drag a point to move it, double-click (or shift-click) a point to remove it. ' +
    'Keyboard: focus the chart, ←/→ select a point, ↑/↓ move it up/down, Shift+←/→ move it sideways, ' +
    'Delete removes it, + adds one beside it.',
  editChartLabel:
    'Training data, editable. Arrow keys select and move points, Delete removes, plus adds.',
  editNone: (n) => `${n} training points. No point selected.`,
  editSelected: (i, n, x, y) => `Point ${i + 1} of ${n} selected: x = ${fmt(x)}, y = ${fmt(y)}.`,
  editAdded: (x, y, n) => `Added a point at x = ${fmt(x)}, y = ${fmt(y)}; ${n} points.`,
  editRemoved: (n) => `Removed a point; ${n} points.`,
  editMinimum: (n) => `At least ${n} points are needed.`,
  editOutOfRange: (key, value, min, max) =>
    `Not added: ${key} = ${fmt(value)} is outside the range ${fmt(min)} to ${fmt(max)} of an edited point.`,
  editMaximum: (n) => `At most ${numberText(n)} points can be edited.`,
  dataCaption: (n, edited) =>
    `${n} training points${edited ? ' (edited)' : ''} and the true function`,
  inspectorChartLabel:
    'Prediction with the inspected query. Left and right arrow keys choose the query.',
  heatmapLabel: 'Attention weights. Up and down arrow keys choose the query row to inspect.',
  inspectorSum: (q, terms, rest, restWeight, value) =>
    `f(${fmt(q)}) = ` +
    terms.map((t) => `${fmtWeight(t.w)} × ${t.y.toFixed(2)}`).join(' + ') +
    (rest > 0 ? ` + … (${rest} more terms, total weight ${fmtWeight(restWeight)})` : '') +
    ` = ${value.toFixed(2)}`,
  inspectorTitle: (q, k) => `Query x = ${fmt(q)}: its weights over the ${k} keys`,
  weightLegend: 'Training data (size ∝ weight)',
  trainStatus: (e, total, w, loss) =>
    `Epoch ${e} of ${total}: w = ${fmt(w)}, h = 1/|w| = ${fmt(1 / Math.abs(w))}` +
    (Number.isFinite(loss) ? `, loss ${fmt(loss)}` : ' (initial w, no update yet)'),
  progress: (done, total) => `Computing… ${done} / ${total}`,
  budgetCut: (ran, asked, updates) =>
    `. Stopped after ${numberText(updates)} updates (${ran} whole epochs of ${asked}): the work budget of one training run on this page (a larger batch, fewer points or the Gaussian kernel run further).`,
  diverged: '. The last update overflowed (learning rate too large): training stopped before it.',
  landscapeMin: (w, loss) =>
    `minimum: w = ${fmt(w)} (h = ${fmt(1 / Math.abs(w))}), loss ${fmt(loss)}`,
  landscapeNoMin: 'no minimum: the loss keeps falling as w grows',
  compareNp: (kernel, h) => `Nonparametric: ${kernel}, h = ${fmt(h)}`,
  compareP: (kernel, w, e) => `Parametric: ${kernel}, w = ${fmt(w)} after ${e} epochs`,
  mse: (v) => `test MSE ${fmt(v)}`,

  // ---- text summaries of the charts (for screen readers) ----
  summaryLines: (parts) => parts.join(' '),
  summarySeries: (label, n, x0, x1, y0, y1) =>
    `${label}: ${n} points, x from ${fmt(x0)} to ${fmt(x1)}, y from ${fmt(y0)} to ${fmt(y1)}.`,
  summaryEmpty: 'No data drawn yet.',
  summaryEdge: (label, n, edge) =>
    `${label}: ${n} ${n === 1 ? 'point' : 'points'} at ${edge}, drawn on the chart's edge.`,
  summaryHeatmap: (rows, cols, q, key, w) =>
    `${rows} queries by ${cols} keys, each row sums to 1. The strongest attention for x = ${fmt(q)} goes to the key at ${fmt(key)} (weight ${fmt(w, 2)}).`,
  summaryError: (err) => `Prediction error (test MSE) ${fmt(err, 2)}.`,

  // ---- URL, sharing, export, errors ----
  urlInvalid: (items) =>
    `Some settings in the link could not be used and were set to their defaults: ${items.join(', ')}.`,
  urlUnknown: (key) => `“${key}” (unknown setting)`,
  urlBadValue: (key, value) => `${key} = “${value}”`,
  urlTooLong: 'the link is too long',
  urlMore: (n) => `and ${numberText(n)} more`,
  errorStart: 'The tutorial could not start',
  errorSection: (msg) => `This figure could not be computed: ${msg}`,
  errorLayout: 'layout',
  embedFrameTitle: (figure) => `Attention pooling: ${figure}`,
  exportPngTitle: 'Image of the chart',
  exportCsvTitle: 'CSV file',
  exportHelp:
    'If the download did not start (some embedded or local pages block downloads), use this link or the copy below.',
  exportDownload: (name) => `Download ${name}`,
  figureNames: {
    data: 'the data',
    average: 'average pooling',
    bandwidths: 'three bandwidths',
    heatmap: 'the attention matrix',
    inspector: 'the query inspector',
    training: 'training',
    landscape: 'the loss landscape',
    compare: 'nonparametric against parametric',
    'compare-heatmaps': 'two attention matrices',
    'kernel-gallery': 'a gallery of kernels',
    kernels: 'kernels compared',
    widths: 'widths compared',
    'bandwidth-choice': 'choosing the bandwidth',
    'why-loo': 'why leave one out',
    consistency: 'consistency',
    'confidence-band': 'how sure is the estimate',
    classification: 'attention for classification',
  },
};
