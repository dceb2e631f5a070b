'use strict';
// The cross-engine suite (suite.cjs) in Chromium (engines.cjs says how it is driven).
require('./suite.cjs').defineSuite('chromium');
