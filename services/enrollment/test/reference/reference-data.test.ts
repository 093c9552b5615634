import { describe, expect, it } from 'vitest';
import occupations from '../../src/reference/data/occupations.sample.v1.json' with { type: 'json' };
import limitsDocument from '../../src/reference/data/limits.v1.json' with { type: 'json' };
import divisionsDocument from '../../src/reference/data/divisions.guizhou.v1.json' with { type: 'json' };
import { anniversary, describeDates, shanghaiDate, shanghaiInstant } from '../../src/reference/calendar';
import { levelRank } from '../../src/reference/certificate-levels';
import { bundledDivisionTable, isGuizhouRegion, loadDivisionTable } from '../../src/reference/divisions';
import { bundledLimits, loadLimits } from '../../src/reference/limits';
import { bundledOccupationCatalogue, loadOccupationCatalogue } from '../../src/reference/occupations';
import { ruleCatalogue } from '../../src/reference/rules';
import { TRAINING_TYPE_FACTS, TRAINING_TYPES } from '../../src/reference/training-types';
// Loading every rule module fills the rule catalogue.
import '../../src/classes/validate-class-application';
import '../../src/classes/workflow';
import '../../src/classes/change-requests';
import '../../src/classes/procurement';
import '../../src/roster/import-roster';

const clone = <T>(value: T): T => structuredClone(value);

describe('occupations catalogue (职业培训项目目录, Art. 6)', () => {
  const catalogue = bundledOccupationCatalogue();

  it('Art. 6: the bundled sample catalogue loads, is versioned and says it is a sample', () => {
    expect(catalogue.version).toBe('520000-2025.1-sample');
    expect(catalogue.sample).toBe(true);
    expect(catalogue.find('4-03-02-01')?.name).toBe('中式烹调师');
    expect(catalogue.find('GZ-ZX-MX01')?.name).toBe('苗绣制作');
    expect(catalogue.find('4-10-01-02')?.name).toBe('育婴员');
  });

  it('Art. 6: subsidy standards are integer fen and every level has an hours cap', () => {
    for (const occupation of catalogue.all()) {
      for (const offering of occupation.levels) {
        expect(Number.isInteger(offering.subsidyFen)).toBe(true);
        expect(offering.subsidisedHoursCap).toBeGreaterThan(0);
      }
    }
    expect(catalogue.offering('6-31-01-03', 'LEVEL_4')).toEqual({ level: 'LEVEL_4', subsidyFen: 260000, subsidisedHoursCap: 320 });
  });

  it('Art. 6: a subsidy standard in yuan with decimals is refused', () => {
    const broken = clone(occupations);
    broken.occupations[0]!.levels[0]!.subsidyFen = 1800.5;
    expect(() => loadOccupationCatalogue(broken)).toThrow();
  });

  it('Art. 18(1): a catalogue may not grant more than 160 hours to a 专项职业能力', () => {
    const broken = clone(occupations);
    const miaoxiu = broken.occupations.find((o) => o.code === 'GZ-ZX-MX01')!;
    miaoxiu.levels[0]!.subsidisedHoursCap = 161;
    expect(() => loadOccupationCatalogue(broken)).toThrow(/160/);
  });

  it('Art. 18(1): a catalogue may not grant more than 320 hours to levels 5 to 3', () => {
    const broken = clone(occupations);
    broken.occupations[0]!.levels[0]!.subsidisedHoursCap = 321;
    expect(() => loadOccupationCatalogue(broken)).toThrow(/320/);
  });

  it('Art. 6: duplicate occupation codes are refused', () => {
    const broken = clone(occupations);
    broken.occupations.push(clone(broken.occupations[0]!));
    expect(() => loadOccupationCatalogue(broken)).toThrow(/重复/);
  });

  it('a 专项职业能力 item lists only that level; an occupation never lists it', () => {
    const broken = clone(occupations);
    // JSON typing infers `never[]` for the empty level lists, hence the widening.
    (broken.occupations[0]!.levels as unknown[]).push({ level: 'SPECIAL_ABILITY', subsidyFen: 1, subsidisedHoursCap: 10 });
    expect(() => loadOccupationCatalogue(broken)).toThrow(/专项职业能力/);
  });

  it('levels rank 5 (初级) below 1 (高级技师); the special ability sits outside the ladder', () => {
    expect(levelRank('LEVEL_5')).toBeLessThan(levelRank('LEVEL_4'));
    expect(levelRank('LEVEL_2')).toBeLessThan(levelRank('LEVEL_1'));
    expect(levelRank('SPECIAL_ABILITY')).toBe(0);
  });
});

describe('administrative divisions', () => {
  const divisions = bundledDivisionTable();

  it('Art. 9: every county and city names the HRSS office that approves and supervises there', () => {
    expect(divisions.find('520102')).toMatchObject({ name: '南明区', level: 'COUNTY', hrssOffice: '贵阳市南明区人力资源和社会保障局' });
    expect(divisions.cityOf('520102')?.code).toBe('520100');
    expect(divisions.cityOf('522634')?.name).toBe('黔东南苗族侗族自治州');
    expect(divisions.fullName('520102')).toBe('贵州省贵阳市南明区');
    expect(divisions.contains('520100', '520102')).toBe(true);
    expect(divisions.contains('520300', '520102')).toBe(false);
  });

  it('a county whose parent is not a city is refused', () => {
    const broken = clone(divisionsDocument);
    broken.divisions.push({ code: '520199', name: '错区', level: 'COUNTY', parent: '520000', hrssOffice: 'x' });
    expect(() => loadDivisionTable(broken)).toThrow(/上级区划/);
  });

  it('ID region codes are checked by province only, since county codes change', () => {
    expect(isGuizhouRegion('522121')).toBe(true);
    expect(divisions.find('522121')).toBeUndefined();
  });
});

describe('configurable limits', () => {
  const limits = bundledLimits();

  it('practice defaults: 16 minimum age, 60 upper age, 80 % attendance, 45-minute class hours', () => {
    expect(limits.minimumAge).toBe(16);
    expect(limits.maximumAge('EMPLOYMENT_LONG_TERM')).toBe(60);
    expect(limits.completionAttendancePercent).toBe(80);
    expect(limits.minutesPerClassHour).toBe(45);
    expect(limits.approvalLevel('EMPLOYMENT_LONG_TERM')).toBe('COUNTY');
  });

  it('Art. 18(2): the agricultural relaxation is 65 and cannot be configured above it', () => {
    expect(limits.agriculturalShortCourseRuralMaximumAge).toBe(65);
    const broken = clone(limitsDocument);
    broken.age.agriculturalShortCourseRuralMaximum = 66;
    expect(() => loadLimits(broken)).toThrow(/65/);
  });

  it('every training type must be configured', () => {
    const broken = clone(limitsDocument) as { eligibleTargetGroups: Record<string, string[]> };
    delete broken.eligibleTargetGroups.APPRENTICESHIP;
    expect(() => loadLimits(broken)).toThrow();
  });

  it('Art. 10, 15: enterprise tracks serve employees; employment tracks serve the Art. 15 groups', () => {
    expect(limits.eligibleTargetGroups('ENTERPRISE_SAFETY')).toEqual(['ENTERPRISE_EMPLOYEE']);
    expect(limits.eligibleTargetGroups('EMPLOYMENT_LONG_TERM')).not.toContain('ENTERPRISE_EMPLOYEE');
    expect(limits.eligibleTargetGroups('ENTREPRENEURSHIP')).toContain('ENTERPRISE_EMPLOYEE');
  });
});

describe('training types', () => {
  it('Art. 24: recording is required except for short courses and apprenticeships', () => {
    const exempt = TRAINING_TYPES.filter((type) => !TRAINING_TYPE_FACTS[type].recordingRequired);
    expect(exempt.sort()).toEqual(['APPRENTICESHIP', 'EMPLOYMENT_SHORT', 'ENTERPRISE_PRE_JOB', 'ENTERPRISE_SAFETY']);
  });

  it('Art. 7(1): short courses, pre-job/safety and apprenticeships are not procured', () => {
    const notProcured = TRAINING_TYPES.filter((type) => !TRAINING_TYPE_FACTS[type].procured);
    expect(notProcured.sort()).toEqual(['APPRENTICESHIP', 'EMPLOYMENT_SHORT', 'ENTERPRISE_PRE_JOB', 'ENTERPRISE_SAFETY']);
  });
});

describe('training calendar (Asia/Shanghai)', () => {
  it('local date and time become an instant with the +08:00 offset', () => {
    expect(shanghaiInstant('2025-06-02', '09:00')).toBe('2025-06-02T09:00:00+08:00');
    expect(shanghaiDate('2025-06-01T17:30:00Z')).toBe('2025-06-02');
  });

  it('a leap-day anniversary falls on 1 March', () => {
    expect(anniversary('2024-02-29', 1)).toBe('2025-03-01');
    expect(anniversary('2025-03-10', 1)).toBe('2026-03-10');
  });

  it('dates in messages are grouped into ranges', () => {
    expect(describeDates(['2025-06-13', '2025-06-12', '2025-06-14', '2025-06-20'])).toBe('2025-06-12至2025-06-14、2025-06-20');
  });
});

describe('rule catalogue', () => {
  it('every rule has a unique English code, an article and a Chinese statement', () => {
    const rules = ruleCatalogue();
    expect(rules.length).toBeGreaterThan(50);
    expect(new Set(rules.map((rule) => rule.code)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(rule.citation.zh.length).toBeGreaterThan(0);
      expect(rule.statement).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
