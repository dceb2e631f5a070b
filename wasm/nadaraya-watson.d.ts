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

  /** Either a bandwidth h > 0 (default 1) or the parametric scale w (h = 1/|w|), not both. */
  export interface WidthOptions {
    kernel?: KernelName;
    bandwidth?: number;
    w?: number;
  }

  export interface EvaluationOptions extends WidthOptions {
    /** 'windowed' (default): only keys that can change a double result; 'dense': every key. */
    evaluation?: 'windowed' | 'dense';
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
  }

  export interface TrainResult {
    w: number;
    w0: number;
    /** losses[k]: the k-th batch's loss before the k-th update. */
    losses: Float64Array;
    /** ws[k]: w after the k-th update. */
    ws: Float64Array;
    epochs: number;
    steps: number;
    converged: boolean;
  }

  export interface Limits {
    maxPoints: number;
    maxAttentionCells: number;
    maxBandwidths: number;
    maxEpochs: number;
    maxSeed: number;
  }

  export interface Api {
    readonly version: string;
    readonly kernels: readonly KernelName[];
    readonly trainableKernels: readonly KernelName[];
    readonly limits: Limits;
    memoryUsage(): { heapBytes: number; heapInUse: number };
    generateData(options?: { n?: number; noise?: number; seed?: number; xMax?: number }): {
      x: Float64Array;
      y: Float64Array;
    };
    trueFunction(x: Numbers): Float64Array;
    testInputs(options?: { xMax?: number; step?: number }): Float64Array;
    averagePooling(values: Numbers): number;
    predict(queries: Numbers, keys: Numbers, values: Numbers, options?: EvaluationOptions): Float64Array;
    attentionWeights(queries: Numbers, keys: Numbers, options?: EvaluationOptions): Attention;
    attentionHeatmap(
      queries: Numbers,
      keys: Numbers,
      options?: WidthOptions & { maxRows?: number; maxColumns?: number },
    ): BinnedAttention;
    looLoss(keys: Numbers, values: Numbers, options?: EvaluationOptions): number;
    trainingLoss(
      keys: Numbers,
      values: Numbers,
      options?: WidthOptions & { leaveOneOut?: boolean },
    ): { loss: number; gradient: number };
    trainParametric(keys: Numbers, values: Numbers, options?: TrainOptions): TrainResult;
    looCurve(keys: Numbers, values: Numbers, options: { kernel?: KernelName; bandwidths: Numbers }): Float64Array;
    selectBandwidth(
      keys: Numbers,
      values: Numbers,
      options?: { kernel?: KernelName; method?: 'loo-cv' | 'silverman' },
    ): { bandwidth: number; looLoss: number };
  }
}

declare const NadarayaWatson: {
  readonly version: string;
  /** Compiles the module once; resolves to the API. */
  load(): Promise<NadarayaWatson.Api>;
};

export = NadarayaWatson;
export as namespace NadarayaWatson;
