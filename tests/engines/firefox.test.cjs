'use strict';
// The cross-engine suite (suite.cjs) in Firefox (engines.cjs says how it is driven).
require('./suite.cjs').defineSuite('firefox');
