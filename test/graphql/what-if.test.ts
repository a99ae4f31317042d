import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/data/viewer.js';
import { snapshot } from '../helpers.js';
import { post, SECRET_READER, useApi } from './harness.js';

const api = useApi();
const PLANNER: Viewer = { subject: 'test-planner', clearance: 'PUBLIC', roles: ['reader'] };

const COVERAGE = `query W($s: CoverageScenario!) { facilityCoverageWhatIf(districts: ["district:daxing"], technology: "tech:satellite-applications", scenario: $s) {
  before { technology { id } facilities openFacilities } after { technology { id } facilities openFacilities }
  closed { technology { id } openFacilities } opened { technology { id } } } }`;
const GAPS = `query G($s: CoverageScenario!) { coverageGapsWhatIf(district: "district:daxing", technology: "tech:satellite-navigation", scenario: $s) {
  before { technology { id } } after { technology { id } } closed { technology { id } } opened { technology { id } } } }`;

describe('what-if coverage', () => {
  it('closes a gap with a facility that would exist, and leaves the graph unchanged', async () => {
    const graph = await snapshot(api.db);
    const first = await post(api.url, COVERAGE, { s: { removeFacilities: [] } }, PLANNER);
    expect(first.body.errors[0].extensions.code).toBe('BAD_USER_INPUT'); // an empty scenario says so
    const probe = await post(api.url, COVERAGE, { s: { openFacilities: ['facility:ex-daxing-gnss-test-lab'] } }, PLANNER);
    const gap = probe.body.data.facilityCoverageWhatIf.before.find((c: { openFacilities: number }) => c.openFacilities === 0);
    expect(gap, 'the examples leave at least one satellite area without an open facility in Daxing').toBeDefined();
    const res = await post(
      api.url,
      COVERAGE,
      { s: { addFacilities: [{ name: '假設實驗室', district: 'district:daxing', technologies: [gap.technology.id] }] } },
      PLANNER,
    );
    expect(res.body.errors).toBeUndefined();
    const w = res.body.data.facilityCoverageWhatIf;
    expect(w.closed.map((c: { technology: { id: string } }) => c.technology.id)).toEqual([gap.technology.id]);
    expect(w.after.find((c: { technology: { id: string } }) => c.technology.id === gap.technology.id).openFacilities).toBe(1);
    expect(w.opened).toEqual([]);
    expect(await snapshot(api.db)).toBe(graph);
  });

  it('opens gaps when the only open facility would go, and lists them with before and after', async () => {
    const graph = await snapshot(api.db);
    const res = await post(api.url, GAPS, { s: { removeFacilities: ['facility:ex-daxing-gnss-test-lab'] } }, PLANNER);
    expect(res.body.errors).toBeUndefined();
    const w = res.body.data.coverageGapsWhatIf;
    const ids = (xs: Array<{ technology: { id: string } }>) => xs.map((g) => g.technology.id);
    expect(ids(w.opened).length).toBeGreaterThan(0);
    for (const id of ids(w.opened)) {
      expect(ids(w.before)).not.toContain(id);
      expect(ids(w.after)).toContain(id);
    }
    expect(w.closed).toEqual([]);
    expect(await snapshot(api.db)).toBe(graph);
  });

  it('leaves the graph unchanged when the scenario fails half-way, naming the change at fault', async () => {
    const graph = await snapshot(api.db);
    const res = await post(
      api.url,
      COVERAGE,
      { s: { openFacilities: ['facility:ex-daxing-aerospace-postdoc-station', 'facility:nothing-here'], removeFacilities: ['facility:ex-daxing-gnss-test-lab'] } },
      PLANNER,
    );
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', argumentName: 'scenario.openFacilities.1' });
    expect(await snapshot(api.db)).toBe(graph);
  });

  it('leaves the graph unchanged when a gaps scenario fails on its last change, after facilities were added, removed and opened', async () => {
    const graph = await snapshot(api.db);
    const res = await post(
      api.url,
      GAPS,
      {
        s: {
          removeFacilities: ['facility:ex-daxing-gnss-test-lab'],
          openFacilities: ['facility:ex-daxing-aerospace-postdoc-station'],
          addServices: [{ facility: 'facility:ex-daxing-aerospace-postdoc-station', technology: 'tech:beidou' }],
          addFacilities: [
            { name: '假設實驗室一', district: 'district:daxing', technologies: ['tech:beidou'] },
            { name: '假設實驗室二', district: 'district:daxing', technologies: ['tech:beidou'], classification: 'SECRET' },
          ],
        },
      },
      PLANNER,
    );
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'scenario.addFacilities.1.classification' });
    expect(await snapshot(api.db)).toBe(graph);
    const [left] = await api.db.read(`MATCH (f:Facility) WHERE f.id STARTS WITH 'facility:what-if-' OR 'WHAT-IF SCENARIO' IN f.sources RETURN count(f) AS n`);
    expect(left!.n).toBe(0);
    const [links] = await api.db.read(`MATCH ()-[r]->() WHERE 'WHAT-IF SCENARIO' IN r.sources RETURN count(r) AS n`);
    expect(links!.n).toBe(0);
  });

  it('leaves the graph unchanged after a scenario that succeeds, whatever it changed inside', async () => {
    const graph = await snapshot(api.db);
    const res = await post(
      api.url,
      COVERAGE,
      {
        s: {
          removeFacilities: ['facility:ex-daxing-remote-sensing-data-lab'],
          openFacilities: ['facility:ex-daxing-aerospace-postdoc-station'],
          addServices: [{ facility: 'facility:ex-daxing-aerospace-postdoc-station', technology: 'tech:satellite-remote-sensing' }],
          addFacilities: [{ name: '假設實驗室', park: 'park:daxing-cmi-industrial-base', technologies: ['tech:satellite-communications'], access: 'CONDITIONAL' }],
        },
      },
      PLANNER,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.facilityCoverageWhatIf.after).not.toEqual(res.body.data.facilityCoverageWhatIf.before);
    expect(await snapshot(api.db)).toBe(graph);
  });

  it('answers a hidden id like a missing one, and refuses to add above the clearance', async () => {
    const hidden = await post(api.url, COVERAGE, { s: { removeFacilities: ['facility:ex-bluewhale-naval-navigation-lab'] } }, PLANNER);
    const missing = await post(api.url, COVERAGE, { s: { removeFacilities: ['facility:ex-nothing-at-all'] } }, PLANNER);
    expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(hidden.body.errors[0].message.replace('facility:ex-bluewhale-naval-navigation-lab', 'X')).toBe(missing.body.errors[0].message.replace('facility:ex-nothing-at-all', 'X'));
    const secret = await post(api.url, COVERAGE, { s: { removeFacilities: ['facility:ex-bluewhale-naval-navigation-lab'] } }, SECRET_READER);
    expect(secret.body.errors).toBeUndefined();
    const above = await post(
      api.url,
      COVERAGE,
      { s: { addFacilities: [{ name: 'x', district: 'district:daxing', technologies: ['tech:beidou'], classification: 'SECRET' }] } },
      PLANNER,
    );
    expect(above.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'scenario.addFacilities.0.classification' });
  });

  it('is for signed-in callers only', async () => {
    const res = await post(api.url, COVERAGE, { s: { openFacilities: ['facility:ex-daxing-gnss-test-lab'] } });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
