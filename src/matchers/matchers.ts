import { toBeAtLeast } from './toBeAtLeast.ts'
import { toHaveErrorRateBelow } from './toHaveErrorRateBelow.ts'
import { toHaveNoViolations } from './toHaveNoViolations.ts'
import { toHaveRateAtLeast } from './toHaveRateAtLeast.ts'
import { toMatchBaseline } from './toMatchBaseline.ts'
import { toMeetP95 } from './toMeetP95.ts'
import { toMeetP99 } from './toMeetP99.ts'
import { toMeetPercentile } from './toMeetPercentile.ts'
import { toMeetSLA } from './toMeetSLA.ts'
import { toStayWithin } from './toStayWithin.ts'
import { toSustainRps } from './toSustainRps.ts'

/** Every perfgate matcher, ready for `expect.extend`. */
export const perfgateMatchers = { toMeetP95, toMeetP99, toMeetPercentile, toSustainRps, toHaveErrorRateBelow, toHaveRateAtLeast, toMeetSLA, toMatchBaseline, toStayWithin, toHaveNoViolations, toBeAtLeast }
