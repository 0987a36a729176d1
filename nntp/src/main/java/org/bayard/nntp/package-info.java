/**
 * The reader's side of NNTP (RFC 3977, AUTHINFO of RFC 4643), as much of it as the Usenet gateway
 * needs: connect, MODE READER, AUTHINFO USER/PASS, GROUP and ARTICLE by number. It knows nothing
 * of scoring or mail: the app hands each article to the SMTP gate.
 */
package org.bayard.nntp;
