#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU, so <libxml/encoding.h> includes the system's <unicode/ucnv.h>. Foundation
   carries its own ICU (_FoundationICU), and clang then found two definitions of UErrorCode in one build
   ("'UErrorCode' has different definitions in different modules"). ICU only adds two pointer fields at the
   end of xmlCharEncodingHandler, a struct Swift only ever holds by pointer, so the shim leaves ICU out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* xmlFree is a global function pointer that Swift 6 rejects as shared mutable state. */
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }

/* Discards libxml2's diagnostics so nothing is printed to stderr. */
static inline void clibxml2_ignore_structured_error(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

/* Discards the messages libxml2 prints besides structured errors ("function nope not found"). C, not Swift:
   the handler is variadic. */
static inline void clibxml2_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/* Installs the silent handlers for the calling thread (libxml2 keeps error handlers per thread). */
static inline void clibxml2_silence_errors(void) {
    xmlSetStructuredErrorFunc(NULL, clibxml2_ignore_structured_error);
    xmlSetGenericErrorFunc(NULL, clibxml2_ignore_generic_error);
}

/* xmlXPathNodeSetGetLength and friends are macros. */
static inline int clibxml2_nodeset_count(xmlNodeSetPtr set) { return set ? set->nodeNr : 0; }
static inline xmlNodePtr clibxml2_nodeset_item(xmlNodeSetPtr set, int index) {
    return (set && index >= 0 && index < set->nodeNr) ? set->nodeTab[index] : NULL;
}

#endif
