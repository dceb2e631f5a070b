'use strict';
// The cross-engine suite (suite.cjs) in Webkit (engines.cjs says how it is driven).
require('./suite.cjs').defineSuite('webkit');
