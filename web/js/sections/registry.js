// The tutorial's sections in one table, in page order: the element id, the module that fills it,
// its number and heading (a key of the strings modules), the part it opens, whether it is a wide
// section, and the figures it offers for embedding. The page shell (web/build.mjs expands
// <section data-section="..."> of index.html from it), the App (page/app.js), embed mode
// (page/embed.js) and the browser tests all read this table.
//
// A module exports create(root, {nw, model, state, compute, nearScreen}) returning {deps: the state
// keys it reads, update(state): void | Promise, destroy()} (nearScreen(root): whether the section
// is on or near the screen). Sections only read the state, except where the
// learner acts on a figure (editing points, choosing a query, playback).
import * as average from './average.js';
import * as bandwidthChoice from './bandwidth-choice.js';
import * as band from './band.js';
import * as bandwidths from './bandwidths.js';
import * as boundary from './boundary.js';
import * as compareHeatmaps from './compare-heatmaps.js';
import * as classify from './classify.js';
import * as consistency from './consistency.js';
import * as criteria from './criteria.js';
import * as curse from './curse.js';
import * as data from './data.js';
import * as exercises from './exercises.js';
import * as heatmap from './heatmap.js';
import * as kernelGallery from './kernel-gallery.js';
import * as kernels from './kernels.js';
import * as learnedQk from './learned-qk.js';
import * as parametric from './parametric.js';
import * as relevance from './relevance.js';
import * as sphere from './sphere.js';
import * as training from './training.js';
import * as whyLoo from './why-loo.js';
import * as widths from './widths.js';

/**
 * Embed figures of a section: figure id -> the charts it shows (data-chart ids; all of the
 * section's when omitted), other parts of the section to keep (selectors) and the settings of the
 * top bar it needs (their data-control names).
 */
const section = (id, module, number, titleKey, embeds, extra = {}) =>
  Object.freeze({
    id,
    module,
    number,
    titleKey,
    figures: Object.freeze(Object.keys(embeds)),
    embeds,
    part: null,
    wide: false,
    ...extra,
  });

export const SECTIONS = Object.freeze([
  section(
    'section-data',
    data,
    1,
    'art.data.h',
    {
      data: {
        charts: ['data'],
        parts: ['.tools', '.edit-help', '.edit-status'],
        controls: ['seed', 'n', 'noise', 'reset-data'],
      },
    },
    { part: 'art.part1' },
  ),
  section('section-average', average, 2, 'art.average.h', {
    average: { controls: ['seed', 'n', 'noise'] },
  }),
  section('section-bandwidths', bandwidths, 3, 'art.bandwidths.h', {
    bandwidths: { controls: ['seed', 'n', 'noise', 'kernel'] },
  }),
  section('section-heatmap', heatmap, 4, 'art.heatmap.h', {
    heatmap: { charts: ['heatmap'], controls: ['kernel', 'h'] },
    inspector: {
      charts: ['heatmap-prediction'],
      parts: ['.inspector-box'],
      controls: ['kernel', 'h'],
    },
  }),
  section('section-training', training, 5, 'art.training.h', {
    training: {
      charts: ['training-loss'],
      parts: ['.player', '.readout'],
      controls: ['seed', 'kernel'],
    },
    landscape: { charts: ['landscape'], parts: ['.player'], controls: ['seed', 'kernel'] },
  }),
  section('section-parametric', parametric, 6, 'art.parametric.h', {
    compare: { parts: ['.readout'], controls: ['seed', 'kernel', 'h'] },
  }),
  section('section-compare-heatmaps', compareHeatmaps, 7, 'art.compareHeatmaps.h', {
    'compare-heatmaps': { controls: ['seed', 'kernel', 'h'] },
  }),
  section(
    'section-kernel-gallery',
    kernelGallery,
    8,
    'art.kernelGallery.h',
    { 'kernel-gallery': { controls: [] } },
    { part: 'art.part2' },
  ),
  section(
    'section-kernels',
    kernels,
    9,
    'art.kernels.h',
    { kernels: { controls: ['seed', 'h'] } },
    { wide: true },
  ),
  section(
    'section-widths',
    widths,
    10,
    'art.widths.h',
    { widths: { controls: ['seed', 'n', 'noise'] } },
    { wide: true },
  ),
  section('section-bandwidth-choice', bandwidthChoice, 11, 'art.bandwidthChoice.h', {
    'bandwidth-choice': { parts: ['.readout'], controls: ['seed', 'kernel'] },
  }),
  section('section-why-loo', whyLoo, 12, 'art.whyLoo.h', {
    'why-loo': { controls: ['seed', 'kernel'] },
  }),
  section('section-consistency', consistency, 13, 'art.consistency.h', {
    consistency: { controls: ['seed', 'noise', 'kernel', 'h'] },
  }),
  section(
    'section-band',
    band,
    14,
    'art.band.h',
    {
      'confidence-band': {
        parts: ['.options', '.readout'],
        controls: ['seed', 'n', 'noise', 'kernel', 'est', 'h'],
      },
    },
    { part: 'art.part3' },
  ),
  section('section-classify', classify, 15, 'art.classify.h', {
    classification: {
      parts: ['.options', '.readout'],
      controls: ['seed', 'n', 'noise', 'kernel', 'h'],
    },
  }),
  section('section-boundary', boundary, 16, 'art.boundary.h', {
    'boundary-bias': {
      parts: ['.readout'],
      controls: ['seed', 'n', 'noise', 'kernel', 'est', 'h'],
    },
  }),
  section('section-criteria', criteria, 17, 'art.criteria.h', {
    'bandwidth-criteria': {
      parts: ['.readout'],
      controls: ['seed', 'n', 'noise', 'kernel', 'est'],
    },
  }),
  section(
    'section-sphere',
    sphere,
    18,
    'art.sphere.h',
    { sphere: { parts: ['.readout'], controls: ['seed', 'n', 'noise', 'h'] } },
    { part: 'art.part4' },
  ),
  section('section-relevance', relevance, 19, 'art.relevance.h', {
    relevance: { parts: ['.readout'], controls: ['seed', 'n', 'noise'] },
  }),
  section('section-curse', curse, 20, 'art.curse.h', {
    curse: { parts: ['.readout'], controls: ['seed', 'noise'] },
  }),
  section('section-qk', learnedQk, 21, 'art.qk.h', {
    'learned-qk': {
      parts: ['.options', '.matrices', '.readout'],
      controls: ['seed', 'n', 'noise'],
    },
  }),
  section('section-exercises', exercises, 22, 'art.exercises.h', {}),
]);

/** id -> section. */
export const SECTION_BY_ID = Object.freeze(Object.fromEntries(SECTIONS.map((s) => [s.id, s])));

/** Embed figure id -> {section: its section's id, charts?, parts?, controls}. */
export const FIGURES = Object.freeze(
  Object.fromEntries(
    SECTIONS.flatMap((s) =>
      Object.entries(s.embeds).map(([id, f]) => [id, Object.freeze({ section: s.id, ...f })]),
    ),
  ),
);

/** Every embed figure id (the values of the `embed` setting), in page order. */
export const FIGURE_IDS = Object.freeze(Object.keys(FIGURES));
