/* Scalars of the plain YAML subset, for _plainyaml.c: which bytes may be read at all,
 * plain and double-quoted scalars with the meaning yamlstrict.resolve_plain gives them,
 * and texts shared as records.compact shares them.
 */
#include "_plainyaml.h"

#include <string.h>

/* PLAIN_FIRST: may start a plain scalar; PLAIN_NEVER: may not appear in one */
enum { PLAIN_FIRST = 1, PLAIN_NEVER = 2 };
static unsigned char classes[256];

void plain_classify(void)
{
    for (int c = 0; c < 256; c++)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
            (c && strchr(".+()/", c)))
            classes[c] |= PLAIN_FIRST;
    for (const char *c = ":#'\"\\\t[]{},&*!|>%@`"; *c; c++)
        classes[(unsigned char)*c] |= PLAIN_NEVER;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Every byte is text the strict path would keep as it is: no tab or carriage return
 * (which the subset leaves out), no control, bidi, BOM or noncharacter code point,
 * and well-formed UTF-8. Anything else is left to decode() and the strict loader. */
int plain_clean_utf8(const unsigned char *s, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n') || c == 0x7f)
                return 0;
            i++;
            continue;
        }
        unsigned long cp;
        int extra;
        if (c >= 0xc2 && c <= 0xdf) { cp = c & 0x1f; extra = 1; }
        else if (c >= 0xe0 && c <= 0xef) { cp = c & 0x0f; extra = 2; }
        else if (c >= 0xf0 && c <= 0xf4) { cp = c & 0x07; extra = 3; }
        else return 0;
        if (i + extra >= n)
            return 0; /* cut short */
        for (int k = 1; k <= extra; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0; /* overlong */
        if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x061c || cp == 0x200e ||
            cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
            cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
            return 0;
        i += extra + 1;
    }
    return 1;
}

/* Field names, enums, dates and ids repeat across thousands of files: the last text
 * seen for each slot of a small table, found by its bytes, spares decoding it and
 * looking it up among the interned strings (half the reader's time without it). */
#define SEEN_SLOTS 4096
static struct {
    Py_ssize_t size;
    char bytes[INTERN_UP_TO];
    PyObject *text; /* interned; the table keeps a reference */
} seen[SEEN_SLOTS];

PyObject *plain_text(const char *s, Py_ssize_t n, Py_ssize_t intern_up_to)
{
    unsigned long hash = 2166136261u;
    int cached = n <= INTERN_UP_TO;
    if (cached) {
        for (Py_ssize_t i = 0; i < n; i++)
            hash = (hash ^ (unsigned char)s[i]) * 16777619u;
        hash %= SEEN_SLOTS;
        if (seen[hash].text != NULL && seen[hash].size == n && memcmp(seen[hash].bytes, s, n) == 0) {
            Py_INCREF(seen[hash].text);
            return seen[hash].text;
        }
    }
    PyObject *text = PyUnicode_DecodeUTF8(s, n, "strict");
    if (text != NULL && PyUnicode_GET_LENGTH(text) <= intern_up_to) {
        PyUnicode_InternInPlace(&text);
        if (cached) {
            Py_XSETREF(seen[hash].text, Py_NewRef(text));
            seen[hash].size = n;
            memcpy(seen[hash].bytes, s, n);
        }
    }
    return text;
}

static int matches_int(const char *s, Py_ssize_t n)
{
    Py_ssize_t i = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    if (i >= n)
        return 0;
    if (s[i] == '0')
        return i + 1 == n;
    for (; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

static int matches_float(const char *s, Py_ssize_t n)
{
    Py_ssize_t i = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    if (i >= n || !is_digit(s[i]))
        return 0;
    if (s[i] == '0')
        i++;
    else
        while (i < n && is_digit(s[i]))
            i++;
    if (i < n && s[i] == '.') {
        Py_ssize_t digits = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == digits)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        Py_ssize_t digits = i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == digits)
            return 0;
    }
    return i == n;
}

int plain_equals(const char *s, Py_ssize_t n, const char *word)
{
    return (Py_ssize_t)strlen(word) == n && memcmp(s, word, n) == 0;
}

static const char *NULLS[] = {"null", "Null", "NULL", NULL};
static const char *TRUES[] = {"true", "True", "TRUE", NULL};
static const char *FALSES[] = {"false", "False", "FALSE", NULL};

static int one_of(const char *s, Py_ssize_t n, const char **words)
{
    if (n != 4 && n != 5) /* null, true, false in their three spellings */
        return 0;
    for (; *words; words++)
        if (plain_equals(s, n, *words))
            return 1;
    return 0;
}

int plain_reserved_word(const char *s, Py_ssize_t n)
{
    return one_of(s, n, NULLS) || one_of(s, n, TRUES) || one_of(s, n, FALSES);
}

/* yamlstrict.resolve_plain, for text the plain-scalar test let through */
static PyObject *resolve_plain(const char *s, Py_ssize_t n)
{
    if (one_of(s, n, NULLS))
        Py_RETURN_NONE;
    if (one_of(s, n, TRUES))
        Py_RETURN_TRUE;
    if (one_of(s, n, FALSES))
        Py_RETURN_FALSE;
    int integer = matches_int(s, n);
    if (integer && n - (s[0] == '+' || s[0] == '-') > MAX_INT_DIGITS)
        return plain_text(s, n, INTERN_UP_TO); /* as resolve_plain: too long to be a number */
    if (integer && n <= 18) { /* fits a long long: the same value as int(text) */
        long long value = 0;
        for (Py_ssize_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0; i < n; i++)
            value = value * 10 + (s[i] - '0');
        return PyLong_FromLongLong(s[0] == '-' ? -value : value);
    }
    if (integer || matches_float(s, n)) {
        PyObject *text = PyUnicode_DecodeUTF8(s, n, "strict");
        if (text == NULL)
            return NULL;
        PyObject *number = integer ? PyLong_FromUnicodeObject(text, 10) : PyFloat_FromString(text);
        Py_DECREF(text);
        return number;
    }
    return plain_text(s, n, INTERN_UP_TO);
}

static PyObject *quoted(const char *s, Py_ssize_t n)
{
    /* '"' (plain characters | \" \\ \n \t)* '"', and no backslash before a slash anywhere:
     * a json.loads-compatible subset */
    char *buffer = PyMem_Malloc(n > 0 ? n : 1);
    if (buffer == NULL)
        return PyErr_NoMemory();
    Py_ssize_t size = 0, i = 1;
    int closed = 0;
    while (i < n) {
        char c = s[i];
        if (c == '"') {
            closed = i == n - 1;
            break;
        }
        if (c == '\\') {
            char next = i + 1 < n ? s[i + 1] : '\0';
            if (next == '"' || next == '\\')
                buffer[size++] = next;
            else if (next == 'n')
                buffer[size++] = '\n';
            else if (next == 't')
                buffer[size++] = '\t';
            else
                break; /* \/ and every other escape: unsure */
            if (next == '\\' && i + 2 < n && s[i + 2] == '/')
                break;
            i += 2;
            continue;
        }
        buffer[size++] = c;
        i++;
    }
    PyObject *value = closed ? plain_text(buffer, size, INTERN_UP_TO) : UNSURE;
    PyMem_Free(buffer);
    return value;
}

PyObject *plain_scalar(const char *s, Py_ssize_t n)
{
    if (n > 0 && s[0] == '"')
        return quoted(s, n);
    if (plain_equals(s, n, "[]"))
        return PyList_New(0);
    if (plain_equals(s, n, "{}"))
        return PyDict_New();
    if (n == 0 || !(classes[(unsigned char)s[0]] & PLAIN_FIRST) || s[n - 1] == ' ')
        return UNSURE;
    for (Py_ssize_t i = 1; i < n; i++)
        if (classes[(unsigned char)s[i]] & PLAIN_NEVER)
            return UNSURE;
    return resolve_plain(s, n);
}

static PyObject *compact(PyObject *value, int depth);

/* records.compact: the same value with its keys and short texts interned. Values
 * that crossed from a worker process arrive as fresh copies; sharing them again
 * here costs a hundredth of what the Python version does. */
PyObject *plain_compact(PyObject *module, PyObject *value) { return compact(value, 0); }

static PyObject *compact(PyObject *value, int depth)
{
    if (depth > COMPACT_DEPTH) { /* no record nests so deep: below, the value stays as it is */
        Py_INCREF(value);
        return value;
    }
    if (PyUnicode_CheckExact(value)) {
        Py_INCREF(value);
        if (PyUnicode_GET_LENGTH(value) <= INTERN_UP_TO)
            PyUnicode_InternInPlace(&value);
        return value;
    }
    if (PyList_CheckExact(value)) {
        Py_ssize_t size = PyList_GET_SIZE(value);
        PyObject *items = PyList_New(size);
        if (items == NULL)
            return NULL;
        for (Py_ssize_t i = 0; i < size; i++) {
            PyObject *item = compact(PyList_GET_ITEM(value, i), depth + 1);
            if (item == NULL) {
                Py_DECREF(items);
                return NULL;
            }
            PyList_SET_ITEM(items, i, item);
        }
        return items;
    }
    if (PyDict_CheckExact(value)) {
        PyObject *result = PyDict_New(), *key, *item;
        Py_ssize_t position = 0;
        if (result == NULL)
            return NULL;
        while (PyDict_Next(value, &position, &key, &item)) {
            PyObject *shared = compact(item, depth + 1);
            if (shared == NULL) {
                Py_DECREF(result);
                return NULL;
            }
            Py_INCREF(key);
            if (PyUnicode_CheckExact(key))
                PyUnicode_InternInPlace(&key);
            int failed = PyDict_SetItem(result, key, shared) < 0;
            Py_DECREF(key);
            Py_DECREF(shared);
            if (failed) {
                Py_DECREF(result);
                return NULL;
            }
        }
        return result;
    }
    Py_INCREF(value);
    return value;
}
