#!/usr/bin/env node
import('../dist/reporter/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/reporter')) {
    console.error('creditwork 尚未构建：请先在项目目录运行 npm install（或 npm run build）。');
    process.exit(1);
  }
  throw error;
});
