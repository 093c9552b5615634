import { getRosterTemplateRoute, httpHandler, XLSX_MEDIA_TYPE } from '@peixun/shared';
import { logger } from '../dependencies';
import { rosterTemplateCsv, rosterTemplateXlsx } from '../roster/template';

export const handler = httpHandler(
  getRosterTemplateRoute,
  async ({ query }) => ({
    file:
      query.format === 'xlsx'
        ? { bytes: await rosterTemplateXlsx(), contentType: XLSX_MEDIA_TYPE, fileName: '培训开班学员花名册模板.xlsx' }
        : { bytes: rosterTemplateCsv(), contentType: 'text/csv; charset=utf-8', fileName: '培训开班学员花名册模板.csv' },
  }),
  { logger },
);
