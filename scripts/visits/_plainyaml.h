/* Shared by the two halves of the compiled reader: _plainyaml.c (lines and structure)
 * and _plainyaml_scalars.c (bytes, scalars, shared texts). */
#ifndef VISITS_PLAINYAML_H
#define VISITS_PLAINYAML_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define INTERN_UP_TO 40 /* records.compact interns texts of at most 40 characters */
/* The same bounds as the Python side's: fastyaml.MAX_KEY_LENGTH, yamlstrict.HARDEST_MAX_DEPTH
 * and yamlstrict.MAX_INT_DIGITS (an integer of more digits stays text); compact shares no
 * deeper than records.COMPACT_DEPTH and returns what lies below as it is. */
#define MAX_KEY_LENGTH 128
#define HARDEST_MAX_DEPTH 200
#define MAX_INT_DIGITS 640
#define COMPACT_DEPTH 256

/* Returned (as NULL) when the text leaves the subset; a set Python error means more. */
#define UNSURE NULL

void plain_classify(void);
int plain_clean_utf8(const unsigned char *s, Py_ssize_t n);
PyObject *plain_text(const char *s, Py_ssize_t n, Py_ssize_t intern_up_to);
int plain_equals(const char *s, Py_ssize_t n, const char *word);
int plain_reserved_word(const char *s, Py_ssize_t n); /* null, true, false: not keys */
PyObject *plain_scalar(const char *s, Py_ssize_t n);
PyObject *plain_compact(PyObject *module, PyObject *value);

#endif
