// Writes the built-in Word templates from code: node --import tsx scripts/build-templates.ts
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCircularTemplate } from '../reporter/circular/template.js';
import { builtInTemplatesDir } from '../reporter/paths.js';

const target = path.join(builtInTemplatesDir(), 'circular.docx');
await writeFile(target, await buildCircularTemplate());
console.log(`已生成 ${path.relative(process.cwd(), target)}`);

// The year-end assessment report (issue 7).
const { buildAssessmentTemplate } = await import('../reporter/assess/template.js');
const assessment = path.join(builtInTemplatesDir(), 'assessment.docx');
await writeFile(assessment, await buildAssessmentTemplate());
console.log(`已生成 ${path.relative(process.cwd(), assessment)}`);
