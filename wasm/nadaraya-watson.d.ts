// Type declarations of dist/nadaraya-watson.js (copied into dist/ by web/build.mjs).
// The reference with every rule and default is docs/API.md.

declare namespace NadarayaWatson {
  export type KernelName =
    | 'gaussian'
    | 'boxcar'
    | 'epanechnikov'
    | 'triangular'
    | 'tricube'
    | 'cosine'
    | 'constant';

  /** Float64Array or a plain array of finite numbers. */
  export type Numbers = Float64Array | ArrayLike<number>;

  /**
   * Either a bandwidth h > 0 (default 1; Infinity is average pooling) or the parametric scale w
   * (h = 1/|w|; w = 0 is average pooling), not both.
   */
  export interface WidthOptions {
    kernel?: KernelName;
    bandwidth?: number;
    w?: number;
  }

  /**
   * 'local-constant' (default): Nadaraya-Watson. 'local-linear': the intercept of the
   * kernel-weighted least-squares line at the query (no first-order boundary bias); its attention
   * rows are the equivalent-kernel weights (sum 1, may be negative).
   */
  export type EstimatorName = 'local-constant' | 'local-linear';

  /** What a bandwidth search or curve measures: the leave-one-out loss, or AIC_c. */
  export type Criterion = 'loo-cv' | 'aic';

  export interface EstimatorOptions {
    estimator?: EstimatorName;
  }

  export interface EvaluationOptions extends WidthOptions, EstimatorOptions {
    /** 'windowed' (default): only keys that can change a double result; 'dense': every key. */
    evaluation?: 'windowed' | 'dense';
  }

  /** How a query scores the keys (vector queries and keys; docs/API.md). */
  export type ScoreName = 'distance' | 'dot';
  /** The learned attention models of trainAttention / trainingLoss. */
  export type AttentionModelName = 'scalar' | 'diagonal' | 'full' | 'dot';

  /**
   * Vector queries and keys: points are rows of `dims` numbers, flat and row-major (queries
   * m x dims, keys n x dims; values stay length n). Absent (or dims 1 with distance scores and no
   * projection): the one-dimensional API, unchanged.
   */
  export interface VectorOptions {
    /** Coordinates per point, 1..limits.maxDims (default 1). */
    dims?: number;
    /** 'distance' (default): a radial kernel of u = (q - x)/h or u = projection (q - x); 'dot': the softmax of q.x / h^2 or of (Wq q).(Wk x)/sqrt(r). */
    score?: ScoreName;
    /** Distance scores: P, r x dims row-major (h is then ignored). */
    projection?: Numbers;
    /** Dot scores: Wq and Wk, both r x dims row-major. */
    queryProjection?: Numbers;
    keyProjection?: Numbers;
  }

  export interface Attention {
    rows: number;
    cols: number;
    /** rows x cols, row-major; every row sums to 1. */
    data: Float64Array;
  }

  export interface BinnedAttention extends Attention {
    /** rows + 1 block starts over the queries (last entry = m). */
    rowStart: Float64Array;
    /** cols + 1 block starts over the sorted keys (last entry = n). */
    colStart: Float64Array;
    sortedKeys: Float64Array;
  }

  export interface TrainOptions {
    kernel?: KernelName;
    /** Initial w; default U[0, 1) drawn from `seed`. */
    w0?: number;
    learningRate?: number;
    epochs?: number;
    batchSize?: number;
    leaveOneOut?: boolean;
    seed?: number;
    untilConverged?: boolean;
    tolerance?: number;
    maxEpochs?: number;
    /** A work budget: stop after this many updates (result.budgetReached). */
    maxUpdates?: number;
  }

  export interface TrainResult {
    w: number;
    w0: number;
    /** losses[k]: the k-th batch's loss before the k-th update. */
    losses: Float64Array;
    /** ws[k]: w after the k-th update. */
    ws: Float64Array;
    /** Whole epochs run. */
    epochs: number;
    steps: number;
    converged: boolean;
    /** An update overflowed (learning rate too large): training stopped before it; w is finite. */
    diverged: boolean;
    /** maxUpdates stopped the run. */
    budgetReached: boolean;
  }

  /**
   * A resumable computation (nw.tasks.*): step(units) advances it by up to `units` bounded units
   * of work and returns true once it has finished; result() is then the same value the one-shot
   * call returns. dispose() frees its WebAssembly memory early (it is freed when it finishes).
   */
  export interface Task<R, P = R> {
    readonly done: boolean;
    step(units?: number): boolean;
    progress(): { done: number; total: number; epochs?: number; steps?: number };
    partial(): P;
    result(): R;
    run(): R;
    dispose(): void;
  }

  export interface BandwidthChoice {
    /** Infinity when average pooling is best. */
    bandwidth: number;
    looLoss: number;
    /** AIC_c at the bandwidth (method 'aic' only). */
    aic?: number;
  }

  export interface ConsistencyRows {
    n: Float64Array;
    fixed: Float64Array;
    cv: Float64Array;
    silverman: Float64Array;
    /** The n^(-4/5) reference through the geometric mean of the LOO-CV errors. */
    rate: Float64Array;
    cvBandwidth: Float64Array;
  }

  export interface Tasks {
    /** selectBandwidth step by step (LOO-CV or AIC_c, either estimator). */
    selectBandwidth(
      keys: Numbers,
      values: Numbers,
      options?: { kernel?: KernelName; method?: Criterion; estimator?: EstimatorName },
    ): Task<BandwidthChoice & { exact: boolean }>;
    /** The loss (or with criterion 'aic', AIC_c) at each scale, one per step. */
    lossCurve(
      keys: Numbers,
      values: Numbers,
      options: {
        kernel?: KernelName;
        ws?: Numbers;
        bandwidths?: Numbers;
        leaveOneOut?: boolean;
        refineMinimum?: boolean;
        criterion?: Criterion;
        estimator?: EstimatorName;
      },
    ): Task<{ losses: Float64Array; minimum: { w: number; loss: number } | null }>;
    trainParametric(keys: Numbers, values: Numbers, options?: TrainOptions): Task<TrainResult>;
    consistencyStudy(options: {
      sizes: Numbers;
      repeats: Numbers;
      queries: Numbers;
      seed?: number;
      noise?: number;
      kernel?: KernelName;
      bandwidth?: number;
      xMax?: number;
      /** Only the fixed-h column (bit-identical to the full study's); the others are NaN. */
      fixedOnly?: boolean;
    }): Task<ConsistencyRows>;
  }

  export interface Limits {
    maxPoints: number;
    maxAttentionCells: number;
    maxBandwidths: number;
    maxEpochs: number;
    /** Numbers in one trainAttention history (steps x params). */
    maxHistory: number;
    maxSeed: number;
    /** Classes of a classification (labels 0 .. maxClasses - 1). */
    maxClasses: number;
    /** Coordinates per point (dims) and rows of a projection (rank). */
    maxDims: number;
    maxRank: number;
  }

  export interface AttentionTrainOptions {
    dims?: number;
    model?: AttentionModelName;
    /** The distance models' kernel (a trainable one; the dot model is the softmax). */
    kernel?: KernelName;
    /** The dot model's r (default dims). */
    rank?: number;
    /** The params to start from (laid out as AttentionTrainResult.params); default: seeded. */
    init?: Numbers;
    learningRate?: number;
    epochs?: number;
    batchSize?: number;
    leaveOneOut?: boolean;
    seed?: number;
    untilConverged?: boolean;
    tolerance?: number;
    /** The epoch cap with untilConverged (default 1000). */
    maxEpochs?: number;
    /** Keep the params after every update in AttentionTrainResult.history (default false). */
    history?: boolean;
  }

  export interface AttentionTrainResult {
    model: AttentionModelName;
    /** scalar: [w]; diagonal: w_1..w_d; full: W row-major; dot: Wq then Wk, row-major. */
    params: Float64Array;
    /** The start actually used. */
    init: Float64Array;
    losses: Float64Array;
    epochs: number;
    steps: number;
    converged: boolean;
    diverged: boolean;
    /**
     * With `history: true`: steps x params.length, row-major; row k holds the params after the
     * k-th update (row k - 1 is the params of the same run cut after k updates).
     */
    history?: Float64Array;
  }

  export interface Classification {
    classes: number;
    /** m x classes, row-major; every row sums to 1. */
    probabilities: Float64Array;
    /** The most probable class of each query (ties within 1e-12: the lowest). */
    predicted: Int32Array;
  }

  export interface ConfidenceBand {
    /** The prediction at each query (equal to predict()). */
    fit: Float64Array;
    /** sigma sqrt(sum_j a_j(q)^2): the standard error of the fit, noise only (no bias). */
    se: Float64Array;
    /** fit - z se and fit + z se. */
    lower: Float64Array;
    upper: Float64Array;
    /** Rice's estimate of the noise standard deviation. */
    sigma: number;
    /** The normal quantile of (1 + level) / 2. */
    z: number;
  }

  /** One kernel of the core's table (core/kernels.cpp). */
  export interface KernelInfo {
    readonly name: KernelName;
    /** K(u) as text, e.g. "1 − u²" (on |u| <= 1 for a compact kernel). */
    readonly formula: string;
    /** Zero for |u| > 1. */
    readonly compact: boolean;
    /** trainParametric can learn its w (its weights depend smoothly on w). */
    readonly trainable: boolean;
  }

  export interface Api {
    readonly version: string;
    /** The compiled module: another copy of this script loads faster with load({wasmModule}). */
    readonly wasmModule: WebAssembly.Module;
    readonly kernels: readonly KernelName[];
    /** The core's kernel table, in the order of `kernels`. */
    readonly kernelInfo: readonly KernelInfo[];
    readonly trainableKernels: readonly KernelName[];
    readonly estimators: readonly EstimatorName[];
    readonly scores: readonly ScoreName[];
    readonly attentionModels: readonly AttentionModelName[];
    readonly limits: Limits;
    readonly tasks: Tasks;
    memoryUsage(): { heapBytes: number; heapInUse: number };
    /** With dims > 1, x holds n rows of dims coordinates (sorted by the first). */
    generateData(options?: {
      n?: number;
      noise?: number;
      seed?: number;
      xMax?: number;
      dims?: number;
      /** The coordinate indices y depends on (default all). */
      relevant?: Numbers;
    }): {
      x: Float64Array;
      y: Float64Array;
    };
    trueFunction(x: Numbers, options?: { dims?: number; relevant?: Numbers }): Float64Array;
    testInputs(options?: { xMax?: number; step?: number }): Float64Array;
    /** max_i |a_i - b_i| of two equally long arrays (0 when empty). */
    maxAbsDifference(a: Numbers, b: Numbers): number;
    /**
     * g n^-exponent through the geometric mean of the points (n_s, error_s): the consistency
     * study's `rate` (exponent 0.8, the default) and the dimension study's (4 / (4 + d)).
     */
    rateLine(n: Numbers, error: Numbers, exponent?: number): Float64Array;
    /** Rows (cos 2 pi x / period, sin 2 pi x / period), dims 2 row-major (period default 5). */
    unitCircle(x: Numbers, options?: { period?: number }): Float64Array;
    /**
     * K(u) for each finite u (the scaled distance (q - x)/h): the kernel's shape, K(0) = 1, 0
     * outside a compact kernel's support |u| <= 1.
     */
    kernelValues(u: Numbers, options?: { kernel?: KernelName }): Float64Array;
    averagePooling(values: Numbers): number;
    meanSquaredError(a: Numbers, b: Numbers): number;
    predict(
      queries: Numbers,
      keys: Numbers,
      values: Numbers,
      options?: EvaluationOptions & VectorOptions,
    ): Float64Array;
    attentionWeights(queries: Numbers, keys: Numbers, options?: EvaluationOptions & VectorOptions): Attention;
    attentionHeatmap(
      queries: Numbers,
      keys: Numbers,
      options?: WidthOptions & EstimatorOptions & { maxRows?: number; maxColumns?: number },
    ): BinnedAttention;
    /** Vector attention binned: keys in the caller's order (no sortedKeys). */
    attentionHeatmap(
      queries: Numbers,
      keys: Numbers,
      options: WidthOptions & VectorOptions & { maxRows?: number; maxColumns?: number },
    ): Attention & { rowStart: Float64Array; colStart: Float64Array };
    looLoss(keys: Numbers, values: Numbers, options?: EvaluationOptions & VectorOptions): number;
    trainingLoss(
      keys: Numbers,
      values: Numbers,
      options?: WidthOptions & { leaveOneOut?: boolean },
    ): { loss: number; gradient: number };
    /** A learned model's loss and its gradient in the model's params. */
    trainingLoss(
      keys: Numbers,
      values: Numbers,
      options: {
        dims?: number;
        model: AttentionModelName;
        params?: Numbers;
        kernel?: KernelName;
        leaveOneOut?: boolean;
        bandwidth?: number;
        w?: number;
      },
    ): { loss: number; gradient: Float64Array };
    /** Test error against n for each input dimension, with LOO-CV bandwidths (the curse of dimensionality). */
    dimensionStudy(options: {
      sizes: Numbers;
      dims?: Numbers;
      repeats?: number;
      seed?: number;
      noise?: number;
      testPoints?: number;
    }): { dims: number; n: Float64Array; mse: Float64Array; bandwidth: Float64Array; rate: Float64Array }[];
    /** SGD on the leave-one-out loss of a learned attention model. */
    trainAttention(keys: Numbers, values: Numbers, options?: AttentionTrainOptions): AttentionTrainResult;
    trainParametric(keys: Numbers, values: Numbers, options?: TrainOptions): TrainResult;
    looCurve(
      keys: Numbers,
      values: Numbers,
      options: { kernel?: KernelName; bandwidths: Numbers; estimator?: EstimatorName; dims?: number },
    ): Float64Array;
    /** AIC_c of the estimator at each bandwidth (Infinity where tr H + 2 >= n); n >= 3. */
    aicCurve(
      keys: Numbers,
      values: Numbers,
      options: { kernel?: KernelName; bandwidths: Numbers; estimator?: EstimatorName },
    ): Float64Array;
    /** Parzen-window classification: Nadaraya-Watson pooling of one-hot labels (integers >= 0). */
    classify(
      queries: Numbers,
      keys: Numbers,
      labels: Numbers,
      options?: WidthOptions & { classes?: number },
    ): Classification;
    /** The fit with pointwise standard errors and a normal band at `level` (default 0.95). */
    confidenceBand(
      queries: Numbers,
      keys: Numbers,
      values: Numbers,
      options?: WidthOptions & EstimatorOptions & { level?: number },
    ): ConfidenceBand;
    selectBandwidth(
      keys: Numbers,
      values: Numbers,
      options?: {
        kernel?: KernelName;
        method?: 'loo-cv' | 'aic' | 'silverman';
        estimator?: EstimatorName;
        /** dims > 1: the isotropic h of distance scores, by LOO-CV. */
        dims?: number;
      },
    ): BandwidthChoice;
  }
}

declare const NadarayaWatson: {
  readonly version: string;
  /**
   * Compiles the module once; resolves to the API. wasmModule: this script's compiled module from
   * another copy (its `nw.wasmModule`, e.g. a page's, posted to a worker), instantiated instead of
   * compiling the embedded bytes; one of another build is dropped for them. Only the first call's
   * options count.
   */
  load(options?: { wasmModule?: WebAssembly.Module }): Promise<NadarayaWatson.Api>;
};

export = NadarayaWatson;
export as namespace NadarayaWatson;
