// Copies the icons next to the compiled nodes and credentials (tsc does not copy SVG/PNG files).
// gulp 5 re-encodes files as UTF-8 unless `encoding: false` is given, which would corrupt PNGs.
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

const copy = (from, to) => {
	const fn = () =>
		src(path.resolve(from, '**', '*.{png,svg}'), { encoding: false, allowEmpty: true }).pipe(
			dest(path.resolve('dist', to)),
		);
	fn.displayName = `copy ${from}/ icons`;
	return fn;
};

task(
	'build:icons',
	parallel(copy('nodes', 'nodes'), copy('credentials', 'credentials'), copy('icons', 'icons')),
);
